/**
 * Saving when things go wrong: a full quota (earlier saved data stays intact), no IndexedDB (private windows: the
 * app works and says it does not save), a model saved by an older version (retrain needed), saved ratings that
 * cannot be read back (the wall still shows; training waits for the files), two tabs (one writes).
 */
import { loadSample, status, train } from './support/flows.ts';
import { countRecords, openLibrary, savedModels, simulateQuota, waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';

const iterationsBox = (page: import('@playwright/test').Page) =>
  page.getByRole('spinbutton', { name: 'Iterations', exact: true });

test('a full quota keeps the earlier saved model and says so', async ({ page }) => {
  await simulateQuota(page);
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await waitForSaved(page, 'models', 1);
  const chunksBefore = await countRecords(page, 'chunks');

  await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));
  await train(page, { iterations: 5 });
  await expect(page.getByRole('alert').filter({ hasText: 'storage is full' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('quota-message.png') });
  expect(await countRecords(page, 'models')).toBe(1);
  expect(await countRecords(page, 'chunks'), 'no half-written chunks are left').toBe(chunksBefore);

  await page.reload();
  await expect(status(page)).toContainText('Model restored from this browser');
  await expect(iterationsBox(page)).toHaveValue('3');
  await openLibrary(page);
  await expect(savedModels(page)).toHaveCount(1);
  await expect(savedModels(page).first()).toContainText('3 iterations');
});

test('without IndexedDB (a private window) the app works and says nothing is saved', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException(
        'A mutation operation was attempted on a database that did not allow mutations.',
        'InvalidStateError',
      );
    };
  });
  await page.goto('/');
  await expect(page.getByRole('note')).toContainText('Saving is off');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await page
    .getByRole('list', { name: /Most rated/ })
    .getByRole('button')
    .first()
    .click();
  await expect(page.getByRole('list', { name: 'Similar movies' }).locator(':scope > li[data-movie-id]')).toHaveCount(
    10,
  );
  await page.reload();
  await expect(status(page)).toContainText('No data loaded yet.');
});

test('a model saved by an older version asks for retraining; the dataset still opens', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await waitForSaved(page, 'models', 1);
  // Rewrite the saved model's record as an older build would have left it (version 0).
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('marquee');
        open.onsuccess = () => {
          const tx = open.result.transaction('models', 'readwrite');
          const store = tx.objectStore('models');
          const all = store.getAll();
          all.onsuccess = () => {
            for (const record of all.result) store.put({ ...record, version: 0 });
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'retrain needed' })).toBeVisible();
  await expect(status(page)).toContainText(/\d+ users · /);
  await expect(status(page)).not.toContainText('Model restored');
  await openLibrary(page);
  await expect(savedModels(page).first()).toContainText('older version of Marquee: retrain needed');
  await expect(savedModels(page).first().getByRole('button', { name: 'Open' })).toBeDisabled();
  // Retraining works and is saved as a new model.
  await train(page, { iterations: 3 });
  await waitForSaved(page, 'models', 2);
});

test('saved ratings that cannot be read back: the wall still shows, and Train asks for the files', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await waitForSaved(page, 'models', 1);
  // Damage the last chunk of the dataset's record: the ratings' part (the head, read first, stays whole).
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('marquee');
        open.onsuccess = () => {
          const tx = open.result.transaction(['datasets', 'chunks'], 'readwrite');
          const all = tx.objectStore('datasets').getAll();
          all.onsuccess = () => {
            const [record] = all.result as { id: string; chunks: number; headChunks: number }[];
            if (!(record.chunks > record.headChunks)) throw new Error('the dataset was not saved in two parts');
            const key = [record.id, record.chunks - 1];
            const chunk = tx.objectStore('chunks').get(key);
            chunk.onsuccess = () => {
              const bytes = new Uint8Array(chunk.result as ArrayBuffer);
              bytes[bytes.length >> 1] ^= 0xff;
              tx.objectStore('chunks').put(bytes.buffer, key);
            };
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(status(page)).toContainText('Model restored');
  await expect(page.locator('ol[aria-label^="Films like"] > li').first()).toBeVisible();
  await expect(status(page)).toContainText('The saved ratings could not be read back');
  await expect(page.getByRole('alert').filter({ hasText: 'saved ratings could not be read' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train model' })).toBeDisabled();
  // Loading the data again brings training back.
  await loadSample(page);
  await expect(page.getByRole('button', { name: 'Train model' })).toBeEnabled();
  await expect(status(page)).not.toContainText('could not be read back');
});

test('two tabs: the first saves, the second is told, and takes over when the first closes', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await loadSample(page);
  await waitForSaved(page, 'datasets', 1);

  const second = await context.newPage();
  await second.goto('/');
  await expect(status(second)).toContainText(/\d+ users · /); // restored from what the first tab saved
  await expect(second.getByRole('note')).toContainText('open in another tab');
  await second.screenshot({ path: test.info().outputPath('second-tab.png') });
  await train(second, { iterations: 3 });
  expect(await countRecords(second, 'models'), 'the second tab does not write').toBe(0);

  await page.close();
  await expect(second.getByRole('note')).toHaveCount(0);
  await train(second, { iterations: 4 });
  await waitForSaved(second, 'models', 1);
  // Saves run in order, so a save of the 3-iteration fit would be there by now: the one model is the later fit.
  await openLibrary(second);
  await expect(savedModels(second)).toHaveCount(1);
  await expect(savedModels(second)).toContainText('4 iterations');
});
