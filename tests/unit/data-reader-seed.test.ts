import { expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import { packDataset, unpackDataset } from '../../src/persistence/dataset-codec.ts';

const file = (name: string, text: string) => new File([text], name, { type: 'text/csv', lastModified: 1000 });
const RATINGS = 'userId,movieId,rating,timestamp\n10,1,4.0,5\n10,2,3.5,1\n20,2,5.0,1\n';
const POSTERS = 'movieId,poster_path\n1,/toy.jpg\n2,/heat.jpg\n';

it('a poster table read earlier in the session is read again after a saved dataset without posters is opened', async () => {
  // An older save of the same ratings, made before posters were added.
  const saved = await unpackDataset(
    await packDataset((await new Reader().load([file('ratings.csv', RATINGS)])).dataset!),
  );
  // This session (same worker): ratings, then posters.csv.
  const reader = new Reader();
  await reader.load([file('ratings.csv', RATINGS)]);
  const withPosters = (await reader.load([file('posters.csv', POSTERS)])).dataset!;
  expect(withPosters.catalog.posterPaths).toEqual(['/toy.jpg', '/heat.jpg']);
  // Library -> open the older save; the next drop seeds the reader with it (dataset.svelte.ts loadFiles).
  reader.seed(saved);
  const again = await reader.load([file('posters.csv', POSTERS)]);
  expect(again.problems).toEqual([]);
  expect(again.dataset!.catalog.posterPaths).toEqual(['/toy.jpg', '/heat.jpg']);
});
