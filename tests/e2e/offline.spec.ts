/**
 * The offline promise: after one online visit the app opens and works with no network. First visit:
 * ml-latest-small, train, a film's wall, posters answered by route interception and cached by the service worker,
 * dataset and model saved in IndexedDB. Then the context goes offline and the page reloads: the shell, workers and
 * WASM come from the precache, the model is restored without training and the URL's film shows the same wall, the
 * search answers, the posters shown before come from the cache (interception now fails them), a film whose posters
 * were never shown gets generated posters (never a broken image), and a new fit (the sample) still trains.
 */
import {
  expectWall,
  loadSample,
  pickWithKeyboard,
  progressSeen,
  recordProgressBars,
  status,
  train,
  wall,
} from './support/flows.ts';
import { waitForSaved } from './support/library.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { loadMlLatestSmall, shownPosters, waitForOfflineReady } from './support/pwa.ts';
import type { Request } from '@playwright/test';
import { expect, test } from './support/test.ts';

test.use({ serviceWorkers: 'allow' });

const GOLDENEYE_ID = 10;

test('after one visit the app, its workers and the posters it showed work offline', async ({ page, context, tmdb }) => {
  const files = findMlLatestSmall();
  test.skip(
    !files.found || !files.posters,
    files.found ? 'no posters table' : files.found === false ? files.reason : '',
  );
  if (!files.found) return;

  await recordProgressBars(page);
  await page.goto('/');
  await waitForOfflineReady(page);
  await loadMlLatestSmall(page, files);
  await train(page, { iterations: 6 });
  await pickWithKeyboard(page, 'GoldenEye', 'GoldenEye');
  const onlineWall = (await expectWall(page, GOLDENEYE_ID, 10)).map((card) => card.movieId);
  const online = await shownPosters(page.locator('main'));
  const onlineTmdb = online.filter((poster) => poster.source === 'tmdb' && poster.rendered);
  expect(onlineTmdb.length, 'TMDB posters shown online').toBeGreaterThanOrEqual(8);
  const requestedOnline = tmdb.requested.length;
  // The service worker stored each of them (not just the HTTP cache): CORS responses in the seen-posters cache.
  const cached = await page.evaluate(
    async (urls) => {
      const cache = await caches.open('marquee-posters-seen');
      return Promise.all(urls.map(async (url) => (await cache.match(url, { ignoreVary: true }))?.type ?? 'missing'));
    },
    onlineTmdb.map((poster) => poster.src),
  );
  expect(
    cached.every((type) => type === 'cors' || type === 'default'),
    cached.join(', '),
  ).toBe(true);
  expect(requestedOnline).toBeGreaterThanOrEqual(onlineTmdb.length);
  await waitForSaved(page, 'models', 1);
  await waitForSaved(page, 'datasets', 1);

  // No network from here on: every TMDB request would fail, and the browser itself is offline. Each request of the
  // app's own files (page, scripts, workers, WASM) must be answered by the service worker; any other is noted.
  tmdb.shouldFail = () => true;
  await context.setOffline(true);
  const notFromPrecache: string[] = [];
  const isAppFile = (request: Request) =>
    !request.serviceWorker() && new URL(request.url()).origin === new URL(page.url()).origin;
  context.on('requestfailed', (request) => {
    if (isAppFile(request)) notFromPrecache.push(`${request.url()} (failed)`);
  });
  context.on('requestfinished', async (request) => {
    const response = await request.response();
    if (isAppFile(request) && !response?.fromServiceWorker()) notFromPrecache.push(request.url());
  });
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
  await expect(page.getByRole('heading', { name: /Train the model/ })).toBeVisible();

  // Saved work: the dataset and model come back without training, and the URL's film shows the same wall.
  await expect(status(page)).toContainText('Model restored from this browser');
  await expect(page.getByRole('heading', { level: 2, name: /GoldenEye/ })).toBeVisible();
  expect((await expectWall(page, GOLDENEYE_ID, 10)).map((card) => card.movieId)).toEqual(onlineWall);
  expect((await progressSeen(page))['Training'], 'no Training progress after the reload').toBeUndefined();
  const offline = await shownPosters(page.locator('main'));
  for (const before of onlineTmdb) {
    const now = offline.find((poster) => poster.src === before.src);
    expect(now, `${before.src} is shown again`).toBeTruthy();
    expect(now!.rendered, `${before.src} comes from the cache`).toBe(true);
  }
  expect(tmdb.requested.length - requestedOnline - tmdb.failed.length, 'no poster reached the network').toBe(0);

  // A film whose neighbours' posters were never shown: generated posters, never a broken image.
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  await expect(wall(page).locator(':scope > li[data-movie-id]')).toHaveCount(10);
  const uncached = await shownPosters(page.locator('main'));
  expect(
    uncached.every((poster) => poster.rendered),
    JSON.stringify(uncached.filter((p) => !p.rendered)),
  ).toBe(true);
  expect(uncached.filter((poster) => poster.source === 'generated').length).toBeGreaterThanOrEqual(5);
  expect(uncached.filter((poster) => poster.source === 'generated').every((p) => p.src === 'inline svg')).toBe(true);

  // Workers and WebAssembly from the precache: a new fit runs offline too.
  await loadSample(page);
  await train(page, { iterations: 4 });
  await expect(status(page)).toContainText(/Trained in/);
  expect(notFromPrecache, 'app files fetched from the network while offline').toEqual([]);
});
