/**
 * Both memory paths in the browser: on a cross-origin isolated page the pool shares one WebAssembly memory; where a
 * host sends no COOP/COEP headers, it copies factors between workers instead. Same settings, same wall.
 */
import type { Page } from '@playwright/test';
import { expectWall, loadSample, pickWithKeyboard, status, train, pickMostRated } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { expect, test } from './support/test.ts';

/** Serves the app as a host without isolation headers would: COOP/COEP stripped from every response. */
async function withoutIsolationHeaders(page: Page): Promise<void> {
  await page.route(
    (url) => url.hostname === 'localhost',
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    },
  );
}

async function trainSampleAndReadWall(page: Page): Promise<number[]> {
  await page.goto('/');
  await loadSample(page);
  await page.getByRole('spinbutton', { name: 'Workers', exact: true }).fill('2');
  await train(page, { iterations: 6 });
  const chosen = await pickMostRated(page);
  return (await expectWall(page, chosen, 10)).map((card) => card.movieId);
}

test('training gives the same wall with shared memory and with copied factors', async ({ page, context }) => {
  const isolated = page;
  const sharedWall = await trainSampleAndReadWall(isolated);
  expect(await isolated.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(status(isolated)).toContainText('· 2 workers · shared memory');
  await isolated.close();

  // Same context, so its routes (no request leaves the machine) apply to this page too.
  const plain = await context.newPage();
  await withoutIsolationHeaders(plain);
  const copiedWall = await trainSampleAndReadWall(plain);
  expect(await plain.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(status(plain)).toContainText('· 2 workers · copied factors');
  expect(copiedWall).toEqual(sharedWall);
});

test('without isolation, files dropped one after another merge with the ratings the reader lent to the page', async ({
  page,
}) => {
  const files = findMlLatestSmall();
  test.skip(!files.found, files.found ? '' : files.reason);
  if (!files.found) return;
  await withoutIsolationHeaders(page);
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const drop = page.getByLabel('MovieLens files', { exact: true });
  const summary = '610 users · 9,724 movies · 100,836 ratings';

  // The reader hands the dataset over and lets go of its copy of the ratings; movies.csv then needs them back.
  await drop.setInputFiles(files.ratings);
  await expect(status(page)).toContainText(summary, { timeout: 60_000 });
  await drop.setInputFiles(files.movies);
  const read = page.getByRole('list', { name: 'Files read' });
  await expect(read).toContainText('movies.csv', { timeout: 60_000 });
  await expect(status(page)).toContainText(summary);
  await pickWithKeyboard(page, 'heat', 'Heat');

  // After a reload a fresh reader is given the restored dataset, its ratings a slice at a time.
  // Saved twice (the ratings, then with the titles) before the reload.
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('marquee:save').length), { timeout: 60_000 })
    .toBeGreaterThan(1);
  await page.reload();
  await expect(status(page)).toContainText(summary, { timeout: 60_000 });
  await drop.setInputFiles(files.links);
  await expect(read).toContainText('links.csv', { timeout: 60_000 });
  await expect(status(page)).toContainText(summary);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await pickWithKeyboard(page, 'toy story', 'Toy Story');
});
