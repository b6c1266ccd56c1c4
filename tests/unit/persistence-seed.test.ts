/** After a restore the reader is seeded with the dataset: files dropped later merge with the restored ratings. */
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import { packDataset, unpackDataset } from '../../src/persistence/dataset-codec.ts';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
const RATINGS = 'userId,movieId,rating,timestamp\n10,1,4.0,1\n10,2,3.5,1\n20,2,5.0,1\n20,3,2.5,1\n30,1,1.0,1\n';
const MOVIES =
  'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,Heat (1995),Action\n3,Babylon 5,Sci-Fi\n';
const LINKS = 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0113277,949\n3,0105946,\n';

async function savedAndRestored() {
  const first = await new Reader().load([
    csv('ratings.csv', RATINGS),
    csv('movies.csv', MOVIES),
    csv('links.csv', LINKS),
  ]);
  return { original: first.dataset!, restored: await unpackDataset(await packDataset(first.dataset!)) };
}

describe('Reader.seed', () => {
  it('a poster table dropped after a restore joins the restored ratings, titles and links', async () => {
    const { original, restored } = await savedAndRestored();
    const reader = new Reader();
    reader.seed(restored);
    const result = await reader.load([csv('posters.csv', 'tmdbId,poster_path\n862,/toy.jpg\n949,/heat.jpg\n')]);
    const dataset = result.dataset!;
    expect(dataset.name).toBe(original.name);
    expect(dataset.userItems).toEqual(original.userItems);
    expect(dataset.itemUsers).toEqual(original.itemUsers);
    expect(dataset.userIds).toEqual(original.userIds);
    expect(dataset.catalog.titles).toEqual(original.catalog.titles);
    expect(dataset.catalog.genres).toEqual(original.catalog.genres);
    expect(dataset.catalog.posterPaths).toEqual(['/toy.jpg', '/heat.jpg', '']);
  });

  it('new ratings replace the seeded ones; the restored catalogue still names the films', async () => {
    const { restored } = await savedAndRestored();
    const reader = new Reader();
    reader.seed(restored);
    const result = await reader.load([csv('ratings.csv', 'userId,movieId,rating,timestamp\n7,2,4.0,1\n')]);
    expect(result.dataset!.users).toBe(1);
    expect(result.dataset!.catalog.titles).toEqual(['Heat (1995)']);
  });

  it('a dataset without movies.csv is seeded without made-up titles (the "add movies.csv" note stays)', async () => {
    const only = (await new Reader().load([csv('ratings.csv', RATINGS)])).dataset!;
    const reader = new Reader();
    reader.seed(await unpackDataset(await packDataset(only)));
    expect(reader.heldKinds()).toEqual(['ratings']);
    const result = await reader.load([csv('links.csv', LINKS)]);
    expect(result.notes.some((note) => note.includes('No movies file yet'))).toBe(true);
    expect(result.dataset!.catalog.tmdbIds).toEqual(Int32Array.of(862, 949, 0));
  });
});
