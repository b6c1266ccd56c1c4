import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import type { Dataset } from '../../src/data/types.ts';

const file = (name: string, text: string) => new File([text], name, { type: 'text/csv', lastModified: 1000 });
const RATINGS = 'userId,movieId,rating,timestamp\n10,1,4.0,5\n10,2,3.5,1\n20,2,5.0,1\n30,3,1.5,2\n30,1,2.0,2\n';
const MOVIES = 'movieId,title,genres\n1,Toy Story (1995),Animation\n2,Heat (1995),Crime\n3,Fargo (1996),Crime\n';

/** What the page does before a load (state/dataset.svelte.ts giveBackRatings), `size` entries a message. */
function giveBack(reader: Reader, dataset: Dataset, size: number): void {
  const lent = reader.lentRatings()!;
  expect(lent).toEqual({ users: dataset.users, nnz: dataset.nnz, received: 0 });
  for (let at = 0; at < lent.nnz; at += size) {
    const end = Math.min(lent.nnz, at + size);
    reader.putRatings(at, dataset.userItems.indices.slice(at, end), dataset.userItems.values.slice(at, end));
  }
  expect(reader.lentRatings()).toBeNull();
}

const matrices = (dataset: Dataset) =>
  [dataset.userItems, dataset.itemUsers].map(({ indptr, indices, values }) => [[...indptr], [...indices], [...values]]);

it('lets go of its private copy of the ratings once the page has them, and merges after they are given back', async () => {
  const reader = new Reader();
  const first = (await reader.load([file('ratings.csv', RATINGS)])).dataset!;
  expect(reader.lentRatings()).toBeNull();
  reader.lendRatings();
  expect(reader.lentRatings()).toEqual({ users: 3, nnz: 5, received: 0 });
  // Lent and not given back: nothing can be rebuilt, so the page keeps the dataset it shows.
  const early = await reader.load([file('movies.csv', MOVIES)]);
  expect(early.dataset).toBeNull();
  giveBack(reader, first, 2);
  const merged = (await reader.load([file('links.csv', 'movieId,imdbId,tmdbId\n1,114709,862\n')])).dataset!;
  expect(matrices(merged)).toEqual(matrices(first));
  expect(merged.catalog.titles).toEqual(['Toy Story (1995)', 'Heat (1995)', 'Fargo (1996)']);
  expect([...merged.catalog.tmdbIds]).toEqual([862, 0, 0]);
});

it('holds its own copy of the ratings it built (the record of a private dataset is made from it) until it is lent', async () => {
  const reader = new Reader();
  const dataset = (await reader.load([file('ratings.csv', RATINGS)])).dataset!;
  const held = reader.heldRatings()!;
  expect(held.indices).not.toBe(dataset.userItems.indices);
  expect([[...held.indptr], [...held.indices], [...held.values]]).toEqual(matrices(dataset)[0]);
  reader.lendRatings();
  expect(reader.heldRatings()).toBeNull();
  giveBack(reader, dataset, 3);
  expect([...reader.heldRatings()!.values]).toEqual([...dataset.userItems.values]);
});

it('refuses entries that do not continue what was given back', async () => {
  const reader = new Reader();
  const dataset = (await reader.load([file('ratings.csv', RATINGS)])).dataset!;
  expect(() => reader.putRatings(0, new Int32Array(1), new Float32Array(1))).toThrow(/no ratings are lent/);
  reader.lendRatings();
  const { indices, values } = dataset.userItems;
  expect(() => reader.putRatings(1, indices.slice(1, 2), values.slice(1, 2))).toThrow(/do not continue/);
  expect(() => reader.putRatings(0, indices.slice(0, 2), values.slice(0, 1))).toThrow(/do not continue/);
  expect(() => reader.putRatings(0, new Int32Array(6), new Float32Array(6))).toThrow(/do not continue/);
  reader.putRatings(0, indices.slice(0, 3), values.slice(0, 3));
  expect(reader.lentRatings()).toEqual({ users: 3, nnz: 5, received: 3 });
});

it('new ratings replace lent ones: nothing is owed', async () => {
  const reader = new Reader();
  await reader.load([file('ratings.csv', RATINGS)]);
  reader.lendRatings();
  const next = (await reader.load([file('ratings2.csv', 'userId,movieId,rating\n1,7,3.0\n')])).dataset!;
  expect(reader.lentRatings()).toBeNull();
  expect(next.nnz).toBe(1);
});

it('a dataset seeded without its entries is held as lent, and rebuilds the same once they are given back', () => {
  const rating = fc.record({
    user: fc.integer({ min: 1, max: 30 }),
    movie: fc.integer({ min: 1, max: 40 }),
    half: fc.integer({ min: 1, max: 10 }),
  });
  return fc.assert(
    fc.asyncProperty(
      fc.array(rating, { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 7 }),
      async (rows, size) => {
        const text = `userId,movieId,rating\n${rows.map((row) => `${row.user},${row.movie},${row.half / 2}`).join('\n')}\n`;
        const original = (await new Reader().load([file('ratings.csv', text)])).dataset!;
        const reader = new Reader();
        const none = { indptr: new Int32Array(0), indices: new Int32Array(0), values: new Float32Array(0) };
        // As the page sends it (dataset.svelte.ts forReader): the row offsets only.
        reader.seed({ ...original, userItems: { ...none, indptr: original.userItems.indptr }, itemUsers: none });
        giveBack(reader, original, size);
        const rebuilt = (await reader.load([file('movies.csv', MOVIES)])).dataset!;
        expect(matrices(rebuilt)).toEqual(matrices(original));
      },
    ),
    { numRuns: 40 },
  );
});
