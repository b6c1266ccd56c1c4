/** The Reader as a person uses it: files together or one after another, zips, posters, bad files, real MovieLens. */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { yearFromTitle } from '../../src/data/catalog.ts';
import { mulberry32 } from '../../src/data/random.ts';
import { Reader } from '../../src/data/reader.ts';
import { READ_CHUNK_BYTES } from '../../src/data/sources.ts';
import type { Dataset } from '../../src/data/types.ts';
import { movielensDir, movielensMissing } from '../support/movielens-dir.ts';

const csvFile = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

const RATINGS = 'userId,movieId,rating,timestamp\n10,1,4.0,1\n10,2,3.0,1\n20,2,5.0,1\n20,3,2.5,1\n30,1,1.0,1\n';
const MOVIES =
  'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,"American President, The (1995)",Comedy|Drama\n' +
  '3,Babylon 5,Sci-Fi\n4,Unrated Film (2001),Drama\n';
const LINKS = 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0112346,9087\n3,0105946,\n';

function titleOf(dataset: Dataset, movieId: number): string {
  return dataset.catalog.titles[dataset.itemIds.indexOf(movieId)];
}

describe('Reader merging', () => {
  it('builds placeholder titles from ratings alone, then real ones when movies.csv arrives later', async () => {
    const reader = new Reader();
    const first = await reader.load([csvFile('ratings.csv', RATINGS)]);
    expect(first.dataset?.users).toBe(3);
    expect(titleOf(first.dataset!, 2)).toBe('Movie 2');
    expect(first.notes.join(' ')).toMatch(/add movies\.csv/i);

    const second = await reader.load([csvFile('movies.csv', MOVIES)]);
    expect(second.accepted).toEqual([{ file: 'movies.csv', kind: 'movies', rows: 4 }]);
    expect(second.dataset?.nnz).toBe(5);
    expect(titleOf(second.dataset!, 2)).toBe('American President, The (1995)');
    expect(second.notes.join(' ')).toMatch(/1 movies nobody rated/);
  });

  it('accepts movies first and ratings second', async () => {
    const reader = new Reader();
    const first = await reader.load([csvFile('movies.csv', MOVIES)]);
    expect(first.dataset).toBeNull();
    const second = await reader.load([csvFile('ratings.csv', RATINGS)]);
    expect(second.dataset?.catalog.genres[0]).toEqual(['Adventure', 'Animation']);
    expect([...second.dataset!.catalog.years]).toEqual([1995, 1995, 0]);
  });

  it('keeps the earlier dataset when a rejected file arrives', async () => {
    const reader = new Reader();
    await reader.load([csvFile('ratings.csv', RATINGS), csvFile('movies.csv', MOVIES)]);
    const png = new File([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0)], 'photo.png');
    const bad = await reader.load([png, csvFile('ratings.csv', 'userId,movieId,rating\n1,1,abc\n')]);
    expect(bad.problems.map((p) => p.file)).toEqual(['photo.png', 'ratings.csv']);
    expect(bad.problems[0].message).toContain('photo.png is an image, not a MovieLens data file');
    expect(bad.dataset?.nnz).toBe(5);
    expect(titleOf(bad.dataset!, 1)).toBe('Toy Story (1995)');
  });

  it('joins a poster table keyed by tmdbId through links.csv, and one with full poster URLs by movieId', async () => {
    const reader = new Reader();
    await reader.load([csvFile('ratings.csv', RATINGS), csvFile('links.csv', LINKS)]);
    const byTmdb = await reader.load([csvFile('posters.csv', 'tmdbId,poster_path\n862,/toy.jpg\n9087,\n')]);
    expect(byTmdb.dataset?.catalog.posterPaths).toEqual(['/toy.jpg', '', '']);
    expect([...byTmdb.dataset!.catalog.tmdbIds]).toEqual([862, 9087, 0]);
    expect([...byTmdb.dataset!.catalog.imdbIds]).toEqual([114709, 112346, 105946]);

    const urls = 'movieId,title,genres,poster_url\n2,X,Drama,https://image.tmdb.org/t/p/w500/pres.jpg\n';
    const byUrl = await reader.load([csvFile('movies_with_posters.csv', urls)]);
    expect(byUrl.dataset?.catalog.posterPaths).toEqual(['', '/pres.jpg', '']);
  });

  it("joins Kaggle's movies_metadata.csv (multi-line overviews) by IMDb id", async () => {
    const metadata =
      'adult,id,imdb_id,overview,poster_path,title\n' +
      'False,862,tt0114709,"Led by Woody,\nAndy\'s toys ""live"".",/rhIRbceoE9lR4veEXuwCC2wARtG.jpg,Toy Story\n' +
      'False,1997-08-20,0,broken row,/x.jpg\n';
    const reader = new Reader();
    await reader.load([csvFile('ratings.csv', RATINGS), csvFile('links.csv', LINKS.replace('862', '1'))]);
    const result = await reader.load([csvFile('movies_metadata.csv', metadata)]);
    expect(result.accepted[0].kind).toBe('posters');
    expect(result.dataset?.catalog.posterPaths[0]).toBe('/rhIRbceoE9lR4veEXuwCC2wARtG.jpg');
    expect(result.skipped[0]).toMatchObject({ file: 'movies_metadata.csv', count: 1, firstLines: [4] });
  });

  it('reads a zip with its tags, listing README as ignored and leaving __MACOSX entries out', async () => {
    const zip = zipSync({
      'ml-tiny/ratings.csv': strToU8(RATINGS),
      'ml-tiny/movies.csv': strToU8(MOVIES),
      'ml-tiny/tags.csv': strToU8('userId,movieId,tag,timestamp\n1,1,x,1\n'),
      'ml-tiny/README.txt': strToU8('Summary\n'),
      '__MACOSX/ml-tiny/._ratings.csv': Uint8Array.of(0, 5, 22, 7, 0, 2),
    });
    const result = await new Reader().load([new File([zip], 'ml-tiny.zip')]);
    expect(result.problems).toEqual([]);
    expect(result.accepted.map((a) => a.kind).sort()).toEqual(['movies', 'ratings', 'tags']);
    expect(result.ignored).toEqual([{ file: 'ml-tiny.zip/ml-tiny/README.txt', reason: 'documentation, not data' }]);
    expect(result.dataset?.name).toBe('ml-tiny');
    expect(result.dataset?.catalog.tags[0]).toEqual(['x']);
    expect(titleOf(result.dataset!, 1)).toBe('Toy Story (1995)');
  });

  it('reports a zip with nothing usable, and a corrupt zip, as problems', async () => {
    const empty = zipSync({ 'notes/readme.md': strToU8('hi') });
    const result = await new Reader().load([
      new File([empty], 'stuff.zip'),
      new File([strToU8('PK\x03\x04garbage')], 'bad.zip'),
    ]);
    expect(result.problems.map((p) => p.file)).toEqual(['stuff.zip', 'bad.zip']);
    expect(result.dataset).toBeNull();
  });

  it('notes that duplicates keep the last rating', async () => {
    const result = await new Reader().load([csvFile('ratings.csv', RATINGS + '10,1,0.5,2\n')]);
    expect(result.dataset?.userItems.values[0]).toBe(0.5);
    expect(result.notes.join(' ')).toMatch(/last rating/);
  });

  it('replaces the sample when real files arrive, and reset forgets everything', async () => {
    const reader = new Reader();
    const sample = await reader.loadSample(3);
    expect(sample.dataset?.synthetic).toBe(true);
    expect(sample.dataset?.name).toBe('Sample catalogue (synthetic)');
    const real = await reader.load([csvFile('ratings.csv', RATINGS)]);
    expect(real.dataset?.synthetic).toBe(false);
    expect(real.dataset?.items).toBe(3);
    expect(titleOf(real.dataset!, 1)).toBe('Movie 1');
    reader.reset();
    expect(reader.heldKinds()).toEqual([]);
  });
});

/** A seeded ratings.csv of several read slices (movieIds 1-5000), so a load can be cancelled part-way. */
function bigRatingsCsv(bytesWanted: number): string {
  const random = mulberry32(11);
  const lines = ['userId,movieId,rating,timestamp'];
  let bytes = 0;
  for (let row = 0; bytes < bytesWanted; row++) {
    const rating = (1 + Math.floor(random() * 9) / 2).toFixed(1);
    const line = `${1 + Math.floor(row / 50)},${1 + Math.floor(random() * 5000)},${rating},${1000000000 + row}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

describe('Reader cancel', () => {
  const bigRatings = bigRatingsCsv(3 * READ_CHUNK_BYTES);

  it('drops a cancelled batch whole, keeps what was loaded before, and loads again afterwards', async () => {
    const reader = new Reader();
    const first = await reader.load([csvFile('ratings.csv', RATINGS), csvFile('movies.csv', MOVIES)]);
    const big = csvFile('big-ratings.csv', bigRatings);
    let bigBytesRead = 0;
    const cancelled = await reader.load([csvFile('links.csv', LINKS), big], (file, bytesRead) => {
      if (file !== big.name) return;
      // The worker calls cancel() between slice reads, exactly when progress has been reported.
      if (bigBytesRead === 0) reader.cancel();
      bigBytesRead = bytesRead;
    });
    expect(cancelled.cancelled).toBe(true);
    expect(bigBytesRead, 'reading stopped part-way').toBeLessThan(big.size);
    expect(cancelled.accepted).toEqual([]);
    expect(cancelled.problems).toEqual([]);
    const { users, items, nnz } = cancelled.dataset!;
    expect({ users, items, nnz }).toEqual({ users: 3, items: 3, nnz: 5 });
    expect(titleOf(cancelled.dataset!, 1)).toBe('Toy Story (1995)');
    // links.csv was read completely in the cancelled batch, and is dropped with it.
    expect([...cancelled.dataset!.catalog.imdbIds]).toEqual([0, 0, 0]);
    expect(reader.heldKinds()).toEqual(['ratings', 'movies']);
    expect(first.dataset?.nnz).toBe(5);

    const later = await reader.load([big]);
    expect(later.cancelled).toBeFalsy();
    expect(later.accepted).toEqual([{ file: big.name, kind: 'ratings', rows: bigRatings.split('\n').length - 2 }]);
    expect(later.dataset!.nnz).toBeGreaterThan(100_000);
    expect(titleOf(later.dataset!, 1)).toBe('Toy Story (1995)');
  });

  it('cancels inside a zip, and a cancel while idle does not stop the next load', async () => {
    const reader = new Reader();
    await reader.loadSample(2);
    const entries = { 'ml-big/movies.csv': strToU8(MOVIES), 'ml-big/ratings.csv': strToU8(bigRatings) };
    const zip = new File([zipSync(entries, { level: 0 })], 'ml-big.zip');
    const cancelled = await reader.load([zip], () => reader.cancel());
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.dataset?.synthetic).toBe(true);
    expect(cancelled.dataset?.name).toBe('Sample catalogue (synthetic)');

    reader.cancel();
    const later = await reader.load([zip]);
    expect(later.cancelled).toBeFalsy();
    expect(later.dataset?.name).toBe('ml-big');
    expect(titleOf(later.dataset!, 2)).toBe('American President, The (1995)');
  });
});

describe('yearFromTitle', () => {
  it.each([
    ['Toy Story (1995)', 1995],
    ['Babel (2006) ', 2006],
    ['Death Note: Desu nôto (2006–2007)', 2006],
    ['Babylon 5', 0],
    ['Some Film (a.k.a. Other) (1962)', 1962],
    ['Number (0042)', 0],
  ])('%s -> %i', (title, year) => expect(yearFromTitle(title)).toBe(year));
});

const dataDir = movielensDir();
if (!dataDir) console.log(`data-reader: skipping the real MovieLens tests. ${movielensMissing}`);
// The paths below are only read when dataDir is set (the describe blocks skip otherwise).
const smallDir = path.join(dataDir ?? '', 'ml-latest-small');

const realFile = (dir: string, name: string) => new File([fs.readFileSync(path.join(dir, name))], name);

describe.skipIf(!dataDir)('real ml-latest-small', () => {
  it('gives 610 users, 9,724 items and 100,836 ratings, quickly', async () => {
    const reader = new Reader();
    const startedMs = performance.now();
    const result = await reader.load(
      ['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv'].map((n) => realFile(smallDir, n)),
    );
    const elapsedMs = performance.now() - startedMs;
    const dataset = result.dataset!;
    expect([dataset.users, dataset.items, dataset.nnz]).toEqual([610, 9724, 100836]);
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(titleOf(dataset, 1)).toBe('Toy Story (1995)');
    expect(dataset.catalog.tmdbIds[0]).toBe(862);
    expect(result.notes.join(' ')).toMatch(/18 movies nobody rated/);
    expect(elapsedMs).toBeLessThan(3000); // generous for a shared CI machine; ~0.3 s here
  });

  it('matches posters from the shared poster table for almost every film', async () => {
    const postersFile = path.join(dataDir ?? '', 'posters', 'ml-latest-small_tmdb_poster_paths.csv');
    if (!fs.existsSync(postersFile)) return console.log(`Skipping: ${postersFile} not found.`);
    const reader = new Reader();
    await reader.load([realFile(smallDir, 'ratings.csv'), realFile(smallDir, 'links.csv')]);
    const result = await reader.load([realFile(path.dirname(postersFile), path.basename(postersFile))]);
    const withPoster = result.dataset!.catalog.posterPaths.filter((p) => p.startsWith('/')).length;
    expect(withPoster).toBeGreaterThan(9500);
    expect(result.dataset!.catalog.posterPaths[0]).toBe('/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg');
  });

  it('reads the same numbers from a zip of the folder', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const name of ['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv', 'README.txt']) {
      entries[`ml-latest-small/${name}`] = fs.readFileSync(path.join(smallDir, name));
    }
    const result = await new Reader().load([new File([zipSync(entries)], 'ml-latest-small.zip')]);
    expect(result.dataset?.name).toBe('ml-latest-small');
    expect([result.dataset?.users, result.dataset?.items, result.dataset?.nnz]).toEqual([610, 9724, 100836]);
  });
});

const dir100k = path.join(dataDir ?? '', 'ml-100k');
const have100k = dataDir !== null && fs.existsSync(path.join(dir100k, 'u.data'));
if (dataDir && !have100k) console.log(`data-reader: skipping the ml-100k test: ${dir100k}/u.data not found.`);
describe.skipIf(!have100k)('real ml-100k', () => {
  it('gives 943 users and 1,682 items with latin-1 titles decoded', async () => {
    const result = await new Reader().load(['u.data', 'u.item', 'u.genre', 'u.user'].map((n) => realFile(dir100k, n)));
    expect([result.dataset?.users, result.dataset?.items, result.dataset?.nnz]).toEqual([943, 1682, 100000]);
    expect(result.dataset?.catalog.titles).toContain('Misérables, Les (1995)');
    expect(result.problems).toEqual([]);
  });
});
