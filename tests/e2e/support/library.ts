/** Steps of the Library specs: open the tab, read the saved lists, wait for background saves, simulate failures. */
import type { Locator, Page } from '@playwright/test';
import { expect } from './test.ts';

/** Switches the main region to the Library tab. */
export async function openLibrary(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Library' })).toBeVisible();
}

/** Switches back to the similar-films view. */
export async function openSimilar(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Similar films' }).click();
}

/** The saved models' list items. */
export function savedModels(page: Page): Locator {
  return page.getByRole('list', { name: 'Saved models' }).getByRole('listitem');
}

/** The saved datasets' list items. */
export function savedDatasets(page: Page): Locator {
  return page.getByRole('list', { name: 'Saved datasets' }).getByRole('listitem');
}

/** Counts records in the app's IndexedDB store (straight from the database, not the UI). */
export function countRecords(page: Page, store: 'datasets' | 'models' | 'chunks'): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('marquee');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) return resolve(0);
          const request = db.transaction(name).objectStore(name).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
        };
      }),
    store,
  );
}

/** Waits until IndexedDB holds `count` records of a kind (saves run in the background). */
export async function waitForSaved(page: Page, store: 'datasets' | 'models', count: number): Promise<void> {
  await expect
    .poll(() => countRecords(page, store), { message: `${count} saved ${store}`, timeout: 30_000 })
    .toBe(count);
}

/**
 * Makes IndexedDB refuse big values as a full quota would, while window.__quotaFull is true (set it with
 * page.evaluate). Runs before the app on every navigation.
 */
export async function simulateQuota(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = window as unknown as { __quotaFull: boolean };
    state.__quotaFull = false;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (state.__quotaFull && value instanceof ArrayBuffer && value.byteLength > 1024) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.call(this, value, key);
    };
  });
}
