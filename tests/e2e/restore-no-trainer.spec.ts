/**
 * A restored model answers without a Trainer: train, choose a film, reload. The dataset and model come back, the
 * film's wall shows the same similar films, and the page started the query worker only: no training worker (the
 * engine's two worker kinds are two files, train.worker and query.worker, so their URLs tell them apart).
 */
import type { Page } from '@playwright/test';
import { expectWall, loadSample, pickMostRated, status, train } from './support/flows.ts';
import { waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';

/** How many workers of each engine kind the page runs now. */
function engineWorkers(page: Page): { train: number; query: number } {
  const urls = page.workers().map((worker) => worker.url());
  return {
    train: urls.filter((url) => /train\.worker/.test(url)).length,
    query: urls.filter((url) => /query\.worker/.test(url)).length,
  };
}

test('a restored model shows its wall with a query worker and no training worker, and the fit estimate', async ({
  page,
}) => {
  await page.goto('/');
  await loadSample(page);
  await page.getByRole('spinbutton', { name: 'Workers', exact: true }).fill('2');
  await train(page, { iterations: 3 });
  // Training ran on training workers; the model's queries on one query worker.
  expect(engineWorkers(page).train).toBe(2);
  const movieId = await pickMostRated(page);
  const before = await expectWall(page, movieId, 10);
  expect(engineWorkers(page).query).toBe(1);
  await waitForSaved(page, 'models', 1);
  await waitForSaved(page, 'datasets', 1);

  await page.reload();
  await expect(status(page)).toContainText('Model restored from this browser');
  const after = await expectWall(page, movieId, 10);
  expect(after.map((card) => card.movieId)).toEqual(before.map((card) => card.movieId));
  // Whatever the page does next on its own (a late preload, an idle moment) starts no training worker either.
  await page.waitForTimeout(1_000);
  expect(engineWorkers(page)).toEqual({ train: 0, query: 1 });
  // The next fit's estimate is there all the same: the speed measured in the earlier visit was kept.
  await expect(page.getByRole('button', { name: 'Train model' })).toHaveAccessibleDescription(
    /^(under a second|about \d+ s) on this device$/,
  );
});
