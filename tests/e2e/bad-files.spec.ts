/**
 * Every bad and hostile input a person can drop, one after another on one trained dataset: each gets a message in the
 * page's alert naming the file and the problem, and afterwards the dataset loaded before still answers a search
 * and the model is still trained. Fixtures are written here (never MovieLens data); files that must keep their
 * date (the "same file again" case) or are large are written to disk.
 */
import fs from 'node:fs';
import { pickWithKeyboard, status, train } from './support/flows.ts';
import { tinyPng, unrelatedCsv, writeLargeRatings } from './support/generated.ts';
import { latestRelease, lyingZipBomb, zipOf } from './support/releases.ts';
import { expect, test } from './support/test.ts';

test('bad and hostile files get a clear message, and the dataset loaded before stays usable', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  // A small device: half of 0.25 GB is the budget, so a 60 MB ratings file (about 180 MB to load) is refused.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25 });
  });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto('/');
  const picker = page.getByLabel('MovieLens files', { exact: true });
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });
  const disk = (name: string, content: string | Buffer) => {
    const file = testInfo.outputPath(name);
    fs.writeFileSync(file, content);
    return file;
  };

  // The dataset: ratings with bad rows (negative id, NaN, rating 7.5, text id) and a movie missing from movies.csv.
  const release = latestRelease();
  const lines = release.ratingsCsv.trimEnd().split('\r\n');
  const missingMovie = 61; // movies.csv lists 1..60
  lines.splice(3, 0, '-3,1,4.0,1', '5,2,NaN,1', '6,3,7.5,1', 'abc,4,3.0,1');
  lines.push(`1,${missingMovie},4.0,1`, `3,${missingMovie},4.5,1`);
  const ratingsPath = disk('ratings.csv', lines.join('\r\n') + '\r\n');
  const moviesPath = disk('movies.csv', release.moviesCsv);
  await picker.setInputFiles([ratingsPath, moviesPath]);
  await expect(status(page)).toContainText(`${release.ratings + 2} ratings`);
  await expect(alert).toContainText('ratings.csv: skipped 4 rows');
  await expect(alert).toContainText("userId '-3' is not a whole number");
  await expect(alert).toContainText("rating 'NaN' is not a number");
  await expect(alert).toContainText("rating '7.5' is outside 0 to 5");
  for (const line of [4, 5, 6, 7]) await expect(alert).toContainText(String(line));
  await expect(page.getByText(/rated movies are not in movies\.csv/)).toContainText('unknown title #<id>');
  const summary = ((await status(page).textContent()) ?? '').match(/[\d,]+ users · [\d,]+ movies · [\d,]+ ratings/)![0];
  await train(page, { iterations: 4 });
  await pickWithKeyboard(page, 'unknown title', `unknown title #${missingMovie}`);

  /** Drops `files` and checks the alert says `expected` (each string) while the old dataset still answers. */
  let round = 0;
  async function dropBad(files: Parameters<typeof picker.setInputFiles>[0], expected: (string | RegExp)[]) {
    await picker.setInputFiles(files);
    for (const text of expected) await expect(alert).toContainText(text, { timeout: 60_000 });
    await expect(status(page)).toContainText(summary);
    await expect(status(page)).toContainText(/Trained in/);
    const title = release.titles[round++ % 10].replace(/ \(\d+\)$/, '');
    await pickWithKeyboard(page, title, title);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);
  }

  await dropBad(
    [{ name: 'holiday-photo.png', mimeType: 'image/png', buffer: tinyPng }],
    ['holiday-photo.png is an image', 'Add poster images'],
  );
  await dropBad([{ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }], ['empty.csv is empty']);
  await dropBad(
    [{ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(unrelatedCsv) }],
    ['contacts.csv is not a MovieLens file', 'Its first line is "name,email,city"'],
  );
  const goodZip = zipOf({ 'ml-x/ratings.csv': release.ratingsCsv, 'ml-x/movies.csv': release.moviesCsv });
  await dropBad(
    [{ name: 'ml-cut.zip', mimeType: 'application/zip', buffer: goodZip.subarray(0, goodZip.length >> 1) }],
    ['ml-cut.zip is damaged or incomplete'],
  );
  // A whole table of contents but broken compressed data in between.
  const corrupt = Buffer.from(goodZip);
  corrupt.fill(0xa5, 200, 600);
  await dropBad(
    [{ name: 'ml-corrupt.zip', mimeType: 'application/zip', buffer: corrupt }],
    [/ml-corrupt\.zip.*(could not be unpacked|not a readable zip)/],
  );
  await dropBad(
    [
      {
        name: 'holiday.zip',
        mimeType: 'application/zip',
        buffer: zipOf({ 'a/notes.md': 'hi', 'a/photo.png': tinyPng }),
      },
    ],
    ['holiday.zip holds no MovieLens files'],
  );
  await dropBad(
    [{ name: 'bomb.zip', mimeType: 'application/zip', buffer: lyingZipBomb() }],
    ['bomb.zip expands more than 100 times its size', 'zip bomb'],
  );
  const large = testInfo.outputPath('big-ratings.csv');
  writeLargeRatings(large, 60 * 1024 * 1024);
  await dropBad([large], [/big-ratings\.csv is 6\d MB/, 'this browser tab can use about 128 MB', 'It was not read']);
  await dropBad([ratingsPath], ['ratings.csv is already loaded', 'nothing is counted twice']);
  await expect(status(page)).toContainText(summary);
  // A line without end, in the text path and in the numeric ratings path; a row with thousands of columns.
  const endless = 'a'.repeat(20 * 1024 * 1024);
  await dropBad(
    [disk('movies-long.csv', `movieId,title,genres\n1,${endless}`)],
    ['movies-long.csv cannot be read: line 2 is longer than 8 MB'],
  );
  await dropBad(
    [disk('ratings-long.csv', `userId,movieId,rating,timestamp\n1,1,4.0,1\n2,${endless.replaceAll('a', '7')}`)],
    ['ratings-long.csv cannot be read', 'longer than 1 MiB'],
  );
  await dropBad(
    [disk('movies-wide.csv', `movieId,title,genres\n1,${'x,'.repeat(5000)}y\n`)],
    ['movies-wide.csv cannot be read: line 2 has 5,002 fields'],
  );

  expect(pageErrors, 'no uncaught errors').toEqual([]);
});
