/**
 * Both memory paths in the browser: on a cross-origin isolated page the pool shares one WebAssembly memory; where a
 * host sends no COOP/COEP headers, it copies factors between workers instead. Same settings, same wall.
 */
import type { Page } from '@playwright/test';
import { expectWall, loadSample, status, train, pickMostRated } from './support/flows.ts';
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
