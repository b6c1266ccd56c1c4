/** Race: a model import that finishes after new data replaced the dataset it was read for. */
import { readFileSync } from 'node:fs';
import { expectWall, loadSample, pickMostRated, status, train } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { loadMlLatestSmall } from './support/pwa.ts';
import { openLibrary, openSimilar } from './support/library.ts';
import { expect, test } from './support/test.ts';

test('a model imported for the old dataset is not used against the new one', async ({ page }) => {
  const files = findMlLatestSmall();
  test.skip(!files.found, files.found === false ? files.reason : '');
  if (!files.found) return;
  await page.goto('/');
  await loadMlLatestSmall(page, files);
  await train(page, { iterations: 2 });
  await openLibrary(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the current model' }).click();
  const path = test.info().outputPath('ml.marquee');
  await (await downloading).saveAs(path);
  expect(readFileSync(path).length).toBeGreaterThan(0);
  // A slow disk: the model file's bytes arrive only once the test lets them (window.releaseModelFile()).
  await page.evaluate(() => {
    const original = Blob.prototype.arrayBuffer;
    const released = new Promise((resolve) => {
      (window as unknown as { releaseModelFile: () => void }).releaseModelFile = () => resolve(undefined);
    });
    Blob.prototype.arrayBuffer = async function (this: Blob) {
      if (this instanceof File && this.name.endsWith('.marquee')) await released;
      return original.call(this);
    };
  });
  await page.getByLabel('Import a model file').setInputFiles(path);
  await loadSample(page); // replaces ml-latest-small while the model file is read
  await expect(status(page)).not.toContainText('9,724 movies');
  await page.evaluate(() => (window as unknown as { releaseModelFile: () => void }).releaseModelFile());
  // Before the fix: "Model imported from a file" beside the sample's summary, and a keyed wall met duplicate ids.
  await expect(page.getByRole('alert').filter({ hasText: 'ml.marquee was not imported' })).toBeVisible();
  await expect(status(page)).not.toContainText('Model imported from a file');
  await openSimilar(page);
  await train(page, { iterations: 2 });
  const chosen = await pickMostRated(page);
  await expectWall(page, chosen, 10);
});
