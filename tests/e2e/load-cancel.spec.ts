/** Cancel stops a long load: the UI says so, the data loaded before stays in use, and it still trains. */
import {
  SUMMARY_PATTERN,
  expectWall,
  forgetProgressSeen,
  loadSample,
  pickMostRated,
  progressSeen,
  recordProgressBars,
  status,
  train,
} from './support/flows.ts';
import { writeLargeRatings } from './support/generated.ts';
import { expect, test } from './support/test.ts';

test('cancelling a long load keeps the sample usable', async ({ page }, testInfo) => {
  // ~256 MB: several seconds of reading in Chromium (about 1.4 s per 64 MB here), so Cancel lands well before the
  // end. With 160 MB a CI run once read it whole before the click landed (the machine's two cores were busy).
  const large = testInfo.outputPath('large-ratings.csv');
  writeLargeRatings(large, 256 * 1024 * 1024);
  await recordProgressBars(page);
  await page.goto('/');
  const summary = (await loadSample(page)).match(SUMMARY_PATTERN)![0];
  // The sample's own "Loading" bar may have reached 100: only the big file's counts below.
  await forgetProgressSeen(page);

  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles(large);
  const bar = page.getByRole('progressbar', { name: 'Loading' });
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(status(page)).toContainText('Loading cancelled; the previous data is still in use.');
  await expect(bar).toBeHidden();
  expect((await progressSeen(page))['Loading'], 'the read stopped before the end of the file').toBeLessThan(100);
  await expect(page.getByRole('button', { name: 'Cancel loading' })).toBeHidden();
  await expect(status(page)).toContainText(summary);
  await expect(page.getByText('In use: Sample catalogue (synthetic)')).toBeVisible();

  // The sample still trains and answers.
  await train(page, { iterations: 3 });
  const chosen = await pickMostRated(page);
  await expectWall(page, chosen, 10);
});
