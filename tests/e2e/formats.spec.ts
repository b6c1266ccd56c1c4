/**
 * Every MovieLens shape a person drops, loaded and trained in Chromium: ml-latest-small as the GroupLens zip (built
 * here from the shared files) and as a folder, ml-latest-small-2016 as files, ml-100k (an accented title found by
 * search), an ml-1m-like Latin-1 .dat zip, and hostile titles, genres and tags shown as plain text.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { movielensDir } from '../support/movielens-dir.ts';
import { SUMMARY_PATTERN, pickWithKeyboard, status, train } from './support/flows.ts';
import { kaggleMetadata, latestRelease, latin1, ml1mRelease, zipOf } from './support/releases.ts';
import { expect, test } from './support/test.ts';

/** A folder of the shared data, or a skip with the reason. */
function sharedFolder(name: string, files: string[]): string {
  const base = movielensDir();
  const folder = base ? path.join(base, name) : '';
  const missing = !base || files.some((file) => !existsSync(path.join(folder, file)));
  test.skip(missing, `${name} not found in the MovieLens data folder (set MOVIELENS_DIR)`);
  return folder;
}

const LATEST_SMALL = '610 users · 9,724 movies · 100,836 ratings';

test('ml-latest-small as the GroupLens zip: tags on the film, README and genome ignored, trains', async ({ page }) => {
  const folder = sharedFolder('ml-latest-small', ['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv']);
  const entries: Record<string, Uint8Array> = {};
  for (const file of ['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv', 'README.txt']) {
    if (existsSync(path.join(folder, file))) entries[`ml-latest-small/${file}`] = readFileSync(path.join(folder, file));
  }
  // ml-latest-small has no tag genome; ml-25m's zip does. A tiny one shows it is listed as ignored, not an error.
  entries['ml-latest-small/genome-scores.csv'] = new TextEncoder().encode('movieId,tagId,relevance\n1,1,0.02875\n');
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles({
    name: 'ml-latest-small.zip',
    mimeType: 'application/zip',
    buffer: zipOf(entries),
  });
  await expect(status(page)).toContainText(LATEST_SMALL, { timeout: 60_000 });
  await expect(page.getByText('In use:')).toContainText('ml-latest-small');
  const read = page.getByRole('list', { name: 'Files read' });
  for (const kind of ['ratings', 'movies', 'links', 'tags']) await expect(read).toContainText(kind);
  await page.getByText('2 files ignored').click();
  const ignored = page.getByRole('list', { name: 'Files ignored' });
  await expect(ignored).toContainText('README.txt: documentation, not data');
  await expect(ignored).toContainText('genome-scores.csv: part of the MovieLens tag genome');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

  await train(page, { iterations: 5 });
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  // ml-latest-small's tags.csv tags Toy Story "pixar" (twice) and "fun".
  await expect(page.getByRole('list', { name: 'Tags' })).toContainText('pixar');
});

test('ml-latest-small as a folder (directory picker)', async ({ page }) => {
  const folder = sharedFolder('ml-latest-small', ['ratings.csv', 'movies.csv', 'links.csv']);
  await page.goto('/');
  await page.getByLabel('MovieLens folder', { exact: true }).setInputFiles(folder);
  await expect(status(page)).toContainText(LATEST_SMALL, { timeout: 60_000 });
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Files read' })).toContainText('links');
});

test('ml-latest-small-2016 as separate files trains', async ({ page }) => {
  const folder = sharedFolder('ml-latest-small-2016', ['ratings.csv', 'movies.csv', 'links.csv']);
  await page.goto('/');
  await page
    .getByLabel('MovieLens files', { exact: true })
    .setInputFiles(['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv'].map((file) => path.join(folder, file)));
  await expect(status(page)).toContainText('671 users · 9,066 movies · 100,004 ratings', { timeout: 60_000 });
  await train(page, { iterations: 5 });
  await pickWithKeyboard(page, 'Jumanji', 'Jumanji');
});

test('ml-100k: u.data and u.item (Latin-1) train, and "Misérables" round-trips to the search', async ({ page }) => {
  const folder = sharedFolder('ml-100k', ['u.data', 'u.item']);
  const files = ['u.data', 'u.item', 'u.genre', 'u.user', 'README'].filter((f) => existsSync(path.join(folder, f)));
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles(files.map((f) => path.join(folder, f)));
  await expect(status(page)).toContainText('943 users · 1,682 movies · 100,000 ratings', { timeout: 60_000 });
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  await train(page, { iterations: 5 });
  await pickWithKeyboard(page, 'Misérables', 'Misérables');
  await expect(page.getByRole('heading', { level: 2, name: 'Les Misérables' })).toBeVisible();
});

test('an ml-1m-like zip of Latin-1 .dat files with "::" separators trains and keeps its accents', async ({ page }) => {
  const release = ml1mRelease();
  const zip = zipOf({
    'ml-1m/movies.dat': latin1(release.moviesDat),
    'ml-1m/ratings.dat': release.ratingsDat,
    'ml-1m/users.dat': release.usersDat,
    'ml-1m/README': 'SUMMARY\n',
  });
  await page.goto('/');
  await page
    .getByLabel('MovieLens files', { exact: true })
    .setInputFiles({ name: 'ml-1m.zip', mimeType: 'application/zip', buffer: zip });
  await expect(status(page)).toContainText(
    `${release.users} users · ${release.rated} movies · ${release.ratings} ratings`,
  );
  await expect(page.getByText('2 files ignored')).toBeVisible();
  await train(page, { iterations: 5 });
  await pickWithKeyboard(page, 'Amélie', 'Amélie');
  await pickWithKeyboard(page, 'Miserables', 'Misérables');
});

test('ml-10m-like .dat files in UTF-8, with tags.dat, train and show their tags', async ({ page }) => {
  const release = ml1mRelease();
  const tagsDat = '1::2::Hugo::1215184630\n2::2::hugo::1215184631\n3::2::barricades::1215184632\n';
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([
    { name: 'movies.dat', mimeType: 'application/octet-stream', buffer: Buffer.from(release.moviesDat, 'utf8') },
    { name: 'ratings.dat', mimeType: 'application/octet-stream', buffer: Buffer.from(release.ratingsDat) },
    { name: 'tags.dat', mimeType: 'application/octet-stream', buffer: Buffer.from(tagsDat) },
  ]);
  await expect(status(page)).toContainText(`${release.users} users · ${release.rated} movies`);
  await expect(page.getByRole('list', { name: 'Files read' })).toContainText('tags');
  await expect(page.getByText(/read as Latin-1/)).toHaveCount(0);
  await train(page, { iterations: 3 });
  await pickWithKeyboard(page, 'Misérables', 'Misérables');
  await expect(page.getByRole('list', { name: 'Tags' })).toHaveText(/hugo\s*barricades/);
});

test('titles, genres and tags holding HTML or script are shown as text, never run', async ({ page }) => {
  const release = latestRelease(40, 20);
  const evilTitle = '<img src=x onerror="window.__pwned=1">Evil Harbor (2001)';
  const movies = release.moviesCsv.replace(
    /\r\n1,"[^"]*",[^\r]*\r\n/,
    `\r\n1,"${evilTitle.replaceAll('"', '""')}",<b>Bold</b>|Drama\r\n`,
  );
  const tags = 'userId,movieId,tag,timestamp\r\n1,1,"<script>window.__pwned=2</script>",1\r\n2,1,<i>it</i>,1\r\n';
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(release.ratingsCsv) },
    { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(movies) },
    { name: 'tags.csv', mimeType: 'text/csv', buffer: Buffer.from(tags) },
  ]);
  await expect(status(page)).toContainText(SUMMARY_PATTERN);
  await train(page, { iterations: 3 });
  await pickWithKeyboard(page, 'Evil Harbor', 'Evil Harbor');
  const hero = page.locator('article[data-movie-id="1"]');
  await expect(hero.getByRole('heading', { level: 2 })).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(hero.getByRole('list', { name: 'Genres' })).toContainText('<b>Bold</b>');
  await expect(hero.getByRole('list', { name: 'Tags' })).toContainText('<script>window.__pwned=2</script>');
  await expect(hero.getByRole('list', { name: 'Tags' })).toContainText('<i>it</i>');
  // No element was made from the text, and nothing ran.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await hero.locator('b, i, script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("Kaggle's movies_metadata.csv, joined through links.csv, gives posters; its broken row is skipped", async ({
  page,
  tmdb,
}) => {
  const release = latestRelease(40, 20);
  const kaggle = kaggleMetadata(20);
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(release.ratingsCsv) },
    { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(release.moviesCsv) },
    { name: 'links.csv', mimeType: 'text/csv', buffer: Buffer.from(kaggle.links) },
    { name: 'movies_metadata.csv', mimeType: 'text/csv', buffer: Buffer.from(kaggle.metadata) },
  ]);
  await expect(page.getByRole('list', { name: 'Files read' })).toContainText('posters');
  await expect(page.getByText('posters found for 2 of')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('movies_metadata.csv: skipped 1 row (line 6)');
  await train(page, { iterations: 3 });
  await pickWithKeyboard(page, release.titles[0].replace(/ \(\d+\)$/, ''), release.titles[0].replace(/ \(\d+\)$/, ''));
  await expect(page.locator('article[data-movie-id="1"] img')).toHaveAttribute(
    'src',
    `https://image.tmdb.org/t/p/w342${kaggle.posterOfMovie1}`,
  );
  await expect.poll(() => tmdb.requested.some((url) => url.endsWith(kaggle.posterOfMovie1))).toBe(true);
});
