/**
 * Hostile input: the built site ships a Content-Security-Policy that allows no inline or remote script and
 * images only from itself, blob:, data: and image.tmdb.org; a poster_path that is not a plain file name never makes
 * the page load anything else; and under that policy the app still trains and shows TMDB posters.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expectWall, pickWithKeyboard, status, train } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { shownPosters } from './support/pwa.ts';
import { expect, test } from './support/test.ts';

interface Violation {
  directive: string;
  blocked: string;
}

test('the CSP blocks injected inline and remote script and remote images; hostile poster paths load nothing', async ({
  page,
  context,
}) => {
  const files = findMlLatestSmall();
  test.skip(
    !files.found || !files.posters,
    files.found ? 'no posters table' : files.found === false ? files.reason : '',
  );
  if (!files.found || !files.posters) return;

  const external: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['localhost', '127.0.0.1'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
      external.push(request.url());
    }
  });
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (window as unknown as { __violations: typeof seen }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
    );
  });
  const violations = () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = new Map(
    (policy ?? '').split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get('img-src')).toEqual(["'self'", 'blob:', 'data:', 'https://image.tmdb.org']);
  expect(directives.get('object-src')).toEqual(["'none'"]);

  // Injected script and images, as a title rendered as HTML would try.
  await page.evaluate(() => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.body.append(inline);
    const remote = document.createElement('script');
    remote.src = 'https://scripts.example/evil.js';
    document.body.append(remote);
    const image = document.createElement('img');
    image.src = 'https://images.example/tracker.gif';
    document.body.append(image);
  });
  await expect.poll(async () => (await violations()).length).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  const blocked = await violations();
  expect(blocked).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ directive: 'script-src-elem', blocked: 'inline' }),
      expect.objectContaining({ directive: 'script-src-elem', blocked: 'https://scripts.example/evil.js' }),
      expect.objectContaining({ directive: 'img-src', blocked: 'https://images.example/tracker.gif' }),
    ]),
  );
  // From here on, even an attempted request elsewhere (blocked or not) counts.
  external.length = 0;

  // A posters table whose first rows are hostile: Toy Story (1), Jumanji (2), ... get paths that are not file names.
  // (The reader itself drops paths not starting with "/"; the first two reach the poster code.)
  const hostile = [
    '//elsewhere.example/x.jpg',
    '/../../x.jpg',
    'javascript:alert(1)',
    'https://elsewhere.example/y.jpg',
  ];
  const lines = readFileSync(files.posters, 'utf8').split(/\r?\n/);
  for (const [i, path] of hostile.entries()) {
    const [movieId, tmdbId] = lines[i + 1].split(',');
    lines[i + 1] = `${movieId},${tmdbId},"${path}"`;
  }
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([
    ...[files.ratings, files.movies, files.links].map((file) => ({
      name: basename(file),
      mimeType: 'text/csv',
      buffer: readFileSync(file),
    })),
    { name: 'posters.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) },
  ]);
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  const before = (await violations()).length;

  // Under the policy the app trains (workers, WebAssembly) and shows posters.
  await train(page, { iterations: 6 });
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  await expectWall(page, 1, 10);
  const posters = await shownPosters(page.locator('main'));
  expect(posters.every((poster) => poster.rendered)).toBe(true);
  expect(posters.filter((poster) => poster.source === 'tmdb').length).toBeGreaterThanOrEqual(5);
  const hero = posters.find((poster) => poster.movieId === 1);
  expect(hero?.source, 'Toy Story’s hostile path gives the generated poster').toBe('generated');
  expect(
    external.every((url) => url.startsWith('https://image.tmdb.org/t/p/')),
    external.join('\n'),
  ).toBe(true);
  expect((await violations()).slice(before), 'the app itself violates nothing').toEqual([]);
});
