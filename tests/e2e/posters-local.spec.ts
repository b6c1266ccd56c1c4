/**
 * Poster images a person adds: a folder named by movieId / tmdbId / poster_path and a zip named by IMDb
 * id are stored on the device and shown before any network image, with the network off, and still there after a
 * reload. Files that are not posters are skipped and listed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { expectWall, pickWithKeyboard, train, wall } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { loadMlLatestSmall, shownPosters } from './support/pwa.ts';
import { expect, test } from './support/test.ts';

const GOLDENEYE_ID = 10;
const panel = (page: Page) => page.getByRole('region', { name: 'Posters' });

/** A PNG poster drawn in the page (a canvas), so each test image is distinct and visibly "local". */
async function drawPoster(page: Page, label: string, hue: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    ({ label, hue }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 185;
      canvas.height = 278;
      const g = canvas.getContext('2d')!;
      g.fillStyle = `hsl(${hue} 70% 45%)`;
      g.fillRect(0, 0, 185, 278);
      g.fillStyle = '#fff';
      g.font = 'bold 22px sans-serif';
      g.textAlign = 'center';
      g.fillText('MY POSTER', 92, 130);
      g.font = '16px sans-serif';
      g.fillText(label, 92, 160);
      return canvas.toDataURL('image/png').split(',')[1];
    },
    { label, hue },
  );
  return Buffer.from(base64, 'base64');
}

test('a poster folder and a zip are used before TMDB images, offline and after a reload', async ({
  page,
  context,
  tmdb,
}) => {
  const files = findMlLatestSmall();
  test.skip(
    !files.found || !files.posters,
    files.found ? 'no posters table' : files.found === false ? files.reason : '',
  );
  if (!files.found || !files.posters) return;
  const links = new Map(
    readFileSync(files.links, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(','))
      .map(([movieId, imdbId, tmdbId]) => [Number(movieId), { imdbId: Number(imdbId), tmdbId: Number(tmdbId) }]),
  );
  const posterPaths = new Map(
    readFileSync(files.posters, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(','))
      .map(([movieId, , posterPath]) => [Number(movieId), posterPath]),
  );

  await page.goto('/');
  await loadMlLatestSmall(page, files);
  await train(page, { iterations: 6 });
  await pickWithKeyboard(page, 'GoldenEye', 'GoldenEye');
  const cards = await expectWall(page, GOLDENEYE_ID, 10);
  const [byMovieId, byTmdb, byPath, byImdb] = cards.map((card) => card.movieId);

  // A folder: three posters named three ways, and a file that is not a poster.
  const folder = mkdtempSync(path.join(os.tmpdir(), 'marquee-posters-'));
  try {
    writeFileSync(path.join(folder, `${GOLDENEYE_ID}.png`), await drawPoster(page, `movieId ${GOLDENEYE_ID}`, 10));
    writeFileSync(path.join(folder, `${byMovieId}.png`), await drawPoster(page, `movieId ${byMovieId}`, 60));
    writeFileSync(path.join(folder, `tmdb-${links.get(byTmdb)!.tmdbId}.png`), await drawPoster(page, 'tmdbId', 120));
    const pathName = posterPaths
      .get(byPath)!
      .replace(/^\//, '')
      .replace(/\.jpg$/, '.png');
    writeFileSync(path.join(folder, pathName), await drawPoster(page, 'poster_path', 200));
    writeFileSync(path.join(folder, 'notes.txt'), 'not a poster');
    // A file named like a poster that is not an image: skipped, never stored.
    writeFileSync(path.join(folder, '999999.jpg'), '<script>alert(1)</script>');

    // No network from here on, once the page has settled: the code that reads poster files loads then (src/lazy.ts
    // preloadWhenIdle, after the saves), and on a slow machine that came after the wall (CI, twice).
    await expect
      .poll(
        () => page.evaluate(() => performance.getEntriesByType('resource').some((r) => /\/image-files-/.test(r.name))),
        {
          message: 'the poster-file code loaded once the page settled',
          timeout: 30_000,
        },
      )
      .toBe(true);
    tmdb.shouldFail = () => true;
    await context.setOffline(true);
    await panel(page).getByLabel('Poster image folder').setInputFiles(folder);
    await expect(panel(page)).toContainText('Added 4 poster images; skipped 2 files.');
    await panel(page).getByText('2 files skipped').click();
    await expect(panel(page).getByRole('listitem')).toHaveText([
      /999999\.jpg: not a JPEG, PNG or WebP image/,
      /notes\.txt: not named by a movieId/,
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  // A zip named by IMDb id ("tt" + 7 digits), picked with the files button.
  const imdb = `tt${String(links.get(byImdb)!.imdbId).padStart(7, '0')}.png`;
  const zip = zipSync({ [`posters/${imdb}`]: await drawPoster(page, 'imdbId', 280) });
  await panel(page)
    .getByLabel('Poster image files')
    .setInputFiles({ name: 'more-posters.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(panel(page)).toContainText('Added 1 poster image.');
  await expect(panel(page).getByRole('definition').first()).toHaveText(/^5 images · \d+ kB$/);

  const expectLocal = async () => {
    const shown = await shownPosters(page.locator('main'));
    for (const movieId of [GOLDENEYE_ID, byMovieId, byTmdb, byPath, byImdb]) {
      const poster = shown.find((candidate) => candidate.movieId === movieId);
      expect(poster?.source, `movie ${movieId}`).toBe('local');
      expect(poster?.rendered, `movie ${movieId} rendered`).toBe(true);
      expect(poster?.src.startsWith('blob:')).toBe(true);
    }
    expect(
      shown.every((poster) => poster.rendered),
      'no broken image',
    ).toBe(true);
  };
  await expectLocal();
  await page.screenshot({ path: test.info().outputPath('local-posters.png') });

  // After a reload (online, since this spec has no service worker) they are still there.
  await context.setOffline(false);
  await page.reload();
  await expect(panel(page).getByRole('definition').first()).toHaveText(/^5 images · \d+ kB$/);
  // Without a service worker the workers come from the network: go offline once they are running.
  await loadMlLatestSmall(page, files);
  await train(page, { iterations: 6 });
  await context.setOffline(true);
  await pickWithKeyboard(page, 'GoldenEye', 'GoldenEye');
  await expect(wall(page).locator(':scope > li[data-movie-id]')).toHaveCount(10);
  await expectLocal();

  await panel(page).getByRole('button', { name: 'Remove your images' }).click();
  await expect(panel(page).getByRole('definition').first()).toHaveText('0 images · 0 B');
  await expect(page.locator(`article[data-movie-id="${GOLDENEYE_ID}"] [data-poster-source]`)).toHaveAttribute(
    'data-poster-source',
    'generated',
  );
});
