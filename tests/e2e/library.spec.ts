/**
 * Model files: export the trained model, import it back (identical factors, same wall), the same factors as an
 * implicit .npz (same wall), wrong shapes, damaged or foreign files get clear errors; the Library opens and deletes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { unpackModel } from '../../src/persistence/model-codec.ts';
import { expectWall, loadSample, pickMostRated, status, train } from './support/flows.ts';
import { openLibrary, openSimilar, savedDatasets, savedModels, waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';
import { npy } from '../support/npy-writer.ts';

async function exportCurrent(page: Page, name: string): Promise<ArrayBuffer> {
  return exportWith(page, name, page.getByRole('button', { name: 'Export the current model' }));
}

async function exportWith(page: Page, name: string, button: Locator): Promise<ArrayBuffer> {
  const downloading = page.waitForEvent('download');
  await button.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.marquee$/);
  const path = test.info().outputPath(name);
  await download.saveAs(path);
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

test('export then import gives identical factors and the same wall; bad files are refused', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 6 });
  const chosen = await pickMostRated(page);
  const wallBefore = (await expectWall(page, chosen, 10)).map((card) => card.movieId);
  await waitForSaved(page, 'models', 1);

  await openLibrary(page);
  const first = await exportCurrent(page, 'first.marquee');
  const path = test.info().outputPath('first.marquee');

  const importInput = page.getByLabel('Import a model file');
  await importInput.setInputFiles(path);
  await expect(status(page)).toContainText('Model imported from a file');
  await waitForSaved(page, 'models', 2);
  // The Library marks the imported model, newest first, as the one in use (and only that one).
  await expect(savedModels(page).filter({ hasText: 'In use' })).toHaveCount(1);
  await expect(savedModels(page).first()).toContainText('In use');
  const second = await exportCurrent(page, 'second.marquee');

  // A saved model (kept in two parts in IndexedDB) exports as one file with the same factors.
  const saved = await exportWith(
    page,
    'saved.marquee',
    savedModels(page).last().getByRole('button', { name: 'Export' }),
  );
  const a = await unpackModel(first, 'first');
  const b = await unpackModel(second, 'second');
  const c = await unpackModel(saved, 'saved');
  expect(c.model.userFactors).toEqual(a.model.userFactors);
  expect(c.model.itemFactors).toEqual(a.model.itemFactors);
  expect(b.model.userFactors).toEqual(a.model.userFactors);
  expect(b.model.itemFactors).toEqual(a.model.itemFactors);
  expect(b.model.settings).toEqual(a.model.settings);
  expect(b.model.factors).toBe(a.model.factors);

  await openSimilar(page);
  expect((await expectWall(page, chosen, 10)).map((card) => card.movieId)).toEqual(wallBefore);

  // The same factors as Python implicit saves them (np.savez of user_factors, item_factors): same wall.
  await openLibrary(page);
  const { users, items, factors, stride } = a.model;
  const unpadded = (matrix: Float32Array, rows: number) =>
    Array.from({ length: rows * factors }, (_, i) => matrix[Math.floor(i / factors) * stride + (i % factors)]);
  const npzPath = test.info().outputPath('implicit-model.npz');
  writeFileSync(
    npzPath,
    zipSync({
      'user_factors.npy': npy(unpadded(a.model.userFactors, users), [users, factors]),
      'item_factors.npy': npy(unpadded(a.model.itemFactors, items), [items, factors]),
      'regularization.npy': npy([0.01], [], { dtype: '<f8' }),
    }),
  );
  await importInput.setInputFiles(npzPath);
  await waitForSaved(page, 'models', 3);
  await openSimilar(page);
  expect((await expectWall(page, chosen, 10)).map((card) => card.movieId)).toEqual(wallBefore);
  // Factors for another dataset: the shapes do not match, and the message says so.
  await openLibrary(page);
  await importInput.setInputFiles({
    name: 'other.npz',
    mimeType: 'application/zip',
    buffer: Buffer.from(
      zipSync({ 'user_factors.npy': npy([1, 2], [1, 2]), 'item_factors.npy': npy([1, 2, 3, 4], [2, 2]) }),
    ),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'other.npz was not imported' })).toContainText(
    'load the ratings it was trained on',
  );

  // A damaged file (one byte changed) and a file of another kind: clear errors, the model stays.
  const damaged = new Uint8Array(first.slice(0));
  damaged[200] ^= 0xff;
  const damagedPath = test.info().outputPath('damaged.marquee');
  writeFileSync(damagedPath, damaged);
  await importInput.setInputFiles(damagedPath);
  await expect(page.getByRole('alert').filter({ hasText: 'damaged.marquee was not imported' })).toContainText(
    'checksum does not match',
  );
  await importInput.setInputFiles({ name: 'notes.npz', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.npz was not imported' })).toContainText(
    'neither a Marquee model',
  );
  await expect(status(page)).toContainText('Model imported from a file');

  // Open an earlier saved model, then delete a dataset (with its models).
  await expect(savedModels(page)).toHaveCount(3);
  await savedModels(page).last().getByRole('button', { name: 'Open' }).click();
  await expect(status(page)).toContainText('Model restored from this browser');
  // Delete asks first; the keyboard lands on the safe answer.
  await savedDatasets(page).first().getByRole('button', { name: 'Delete' }).click();
  await expect(savedDatasets(page).first().getByRole('button', { name: 'Keep' })).toBeFocused();
  await savedDatasets(page).first().getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No saved datasets yet')).toBeVisible();
  await expect(page.getByText('No saved models yet')).toBeVisible();
  // What is shown stays usable after its saved copy is gone.
  await openSimilar(page);
  await expectWall(page, chosen, 10);
});
