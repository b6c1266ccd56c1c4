/**
 * "Save posters for offline": progress bar, cancel, count and size of what is stored; with the network
 * off, the saved posters are shown for films never looked at before (the large poster falls back to the saved card
 * size), and films without a saved poster get the generated one.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { pickWithKeyboard, status, train, wall } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { shownPosters, waitForOfflineReady } from './support/pwa.ts';
import { expect, test } from './support/test.ts';

test.use({ serviceWorkers: 'allow' });

/** The panel's region. */
const panel = (page: Page) => page.getByRole('region', { name: 'Posters' });

test('posters saved for offline are shown with the network off', async ({ page, context, tmdb }) => {
  const files = findMlLatestSmall();
  test.skip(
    !files.found || !files.posters,
    files.found ? 'no posters table' : files.found === false ? files.reason : '',
  );
  if (!files.found || !files.posters) return;
  // The first 300 films of the poster table (movieIds 1..~330, so Toy Story and many of its neighbours).
  const table = readFileSync(files.posters, 'utf8').split(/\r?\n/).slice(0, 301);
  const withPoster = new Map(table.slice(1).map((line) => [Number(line.split(',')[0]), line.split(',')[2]]));
  const inputs = [
    ...[files.ratings, files.movies, files.links].map((file) => ({
      name: basename(file),
      mimeType: 'text/csv',
      buffer: readFileSync(file),
    })),
    { name: 'posters-300.csv', mimeType: 'text/csv', buffer: Buffer.from(table.join('\n')) },
  ];
  const load = async () => {
    await page.getByLabel('MovieLens files', { exact: true }).setInputFiles(inputs);
    await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  };

  await page.goto('/');
  await waitForOfflineReady(page);
  await load();
  const distinct = new Set([...withPoster.values()].filter(Boolean)).size;
  await expect(panel(page)).toContainText(`${distinct} films with a TMDB poster`);

  // A slow network, so there is time to cancel.
  let inFlight = 0;
  const slowly = async (route: Route) => {
    inFlight++;
    await new Promise((resolve) => setTimeout(resolve, 150));
    await tmdb.answer(route).catch(() => {}); // a cancelled request may be gone by now
    inFlight--;
  };
  await context.route('https://image.tmdb.org/**', slowly);
  await panel(page).getByRole('button', { name: 'Save posters for offline' }).click();
  const progress = panel(page).getByRole('progressbar', { name: 'Saving posters' });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(6);
  await expect(progress).toHaveAttribute('aria-valuemax', String(distinct));
  await panel(page).getByRole('button', { name: 'Cancel saving' }).click();
  await expect(panel(page)).toContainText(/Cancelled after \d+ new posters? \(\d+ kB\); those are kept\./);
  const afterCancel = Number(/Cancelled after (\d+)/.exec((await panel(page).textContent()) ?? '')?.[1]);
  expect(afterCancel).toBeGreaterThan(0);
  expect(afterCancel).toBeLessThan(distinct);
  await expect(panel(page).getByRole('definition').nth(1)).toHaveText(
    new RegExp(`^${afterCancel} posters? · \\d+ kB$`),
  );

  // Full speed: the rest is fetched, the ones already saved are not fetched again.
  await expect.poll(() => inFlight, { message: 'requests cut short by Cancel have settled' }).toBe(0);
  await context.unroute('https://image.tmdb.org/**', slowly);
  const requestsBefore = tmdb.requested.length;
  await panel(page).getByRole('button', { name: 'Save posters for offline' }).click();
  await expect(panel(page)).toContainText(
    new RegExp(`Saved ${distinct - afterCancel} new posters \\([\\d.]+ (kB|MB)\\), ${afterCancel} already saved\\.`),
    { timeout: 120_000 },
  );
  expect(tmdb.requested.length - requestsBefore).toBe(distinct - afterCancel);
  await expect(panel(page).getByRole('definition').nth(1)).toHaveText(
    new RegExp(`^${distinct} posters · [\\d.]+ (kB|MB)$`),
  );

  // Offline, after a reload: the same data, a film never shown before, its saved posters.
  tmdb.shouldFail = () => true;
  await context.setOffline(true);
  await page.reload();
  await load();
  await train(page, { iterations: 6 });
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  await expect(wall(page).locator(':scope > li[data-movie-id]')).toHaveCount(10);
  const shown = await shownPosters(page.locator('main'));
  expect(
    shown.every((poster) => poster.rendered),
    'no broken image',
  ).toBe(true);
  const hero = shown.find((poster) => poster.movieId === 1);
  expect(hero?.source).toBe('tmdb');
  expect(hero?.src, 'the large size was never saved: the saved card size is shown').toContain('/t/p/w185/');
  const saved = shown.filter((poster) => poster.movieId !== 1 && withPoster.get(poster.movieId));
  expect(saved.length, 'some neighbours have saved posters').toBeGreaterThanOrEqual(2);
  for (const poster of shown) {
    expect(poster.source, `movie ${poster.movieId}`).toBe(withPoster.get(poster.movieId) ? 'tmdb' : 'generated');
  }
});
