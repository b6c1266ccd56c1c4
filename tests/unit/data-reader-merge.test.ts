import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import type { Dataset } from '../../src/data/types.ts';
import { packDataset, unpackDataset } from '../../src/persistence/dataset-codec.ts';
import { packModel, unpackModel } from '../../src/persistence/model-codec.ts';
import { DEFAULT_SETTINGS, type Model } from '../../src/engine/api.ts';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
const RATINGS =
  'userId,movieId,rating,timestamp\n10,1,4.0,5\n10,2,3.5,1\n20,2,5.0,1\n20,3,2.5,1\n30,1,1.0,1\n10,1,2.0,9\n20,3,4.5,0\n';
const MOVIES =
  'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,Heat (1995),Action\n3,Babylon 5,Sci-Fi\n';
const LINKS = 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0113277,949\n3,0105946,\n';
const TAGS = 'userId,movieId,tag,timestamp\n10,1,pixar,1\n20,2,heist,1\n';

function triples(d: Dataset, byItem: boolean): string[] {
  const m = byItem ? d.itemUsers : d.userItems;
  const out: string[] = [];
  for (let r = 0; r + 1 < m.indptr.length; r++)
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const [u, i] = byItem ? [m.indices[k], r] : [r, m.indices[k]];
      out.push(`${d.userIds[u]}:${d.itemIds[i]}=${m.values[k]}`);
    }
  return out.sort();
}
function consistent(d: Dataset) {
  expect(triples(d, true)).toEqual(triples(d, false));
  expect(d.nnz).toBe(d.userItems.indices.length);
  for (let i = 0; i < d.items; i++) expect(d.itemCounts[i]).toBe(d.itemUsers.indptr[i + 1] - d.itemUsers.indptr[i]);
}

describe('review2 merges', () => {
  it('keeps the same matrix across later drops, rejects, cancel, restore+seed', async () => {
    const reader = new Reader();
    const first = (await reader.load([csv('ratings.csv', RATINGS)])).dataset!;
    consistent(first);
    const want = triples(first, false);
    expect(want).toContain('10:1=2');
    expect(want).toContain('20:3=2.5');
    const second = (await reader.load([csv('movies.csv', MOVIES), csv('links.csv', LINKS), csv('tags.csv', TAGS)]))
      .dataset!;
    consistent(second);
    expect(triples(second, false)).toEqual(want);
    expect(second.itemCounts).toEqual(first.itemCounts);
    const rejected = (await reader.load([csv('bad.csv', 'a,b\n1,2\n')])).dataset!;
    consistent(rejected);
    expect(triples(rejected, false)).toEqual(want);
    const restored = await unpackDataset(await packDataset(second));
    expect(restored.catalog).toEqual(second.catalog);
    consistent(restored);
    const seeded = new Reader();
    seeded.seed(restored);
    const after = (await seeded.load([csv('posters.csv', 'movieId,poster_path\n3,/b5.jpg\n')])).dataset!;
    consistent(after);
    expect(triples(after, false)).toEqual(want);
    expect(after.catalog.tags).toEqual(second.catalog.tags);
    expect(after.catalog.titles).toEqual(second.catalog.titles);
    expect(after.catalog.imdbIds).toEqual(second.catalog.imdbIds);
    expect(after.catalog.years).toEqual(second.catalog.years);
    expect(after.name).toBe(second.name);
  });

  it('model round-trips feedback settings', async () => {
    const reader = new Reader();
    const d = (await reader.load([csv('ratings.csv', RATINGS)])).dataset!;
    const stride = 8;
    const model: Model = {
      users: d.users,
      items: d.items,
      factors: 3,
      stride,
      userFactors: new Float32Array(d.users * stride).fill(0.5),
      itemFactors: new Float32Array(d.items * stride).fill(0.25),
      settings: {
        ...DEFAULT_SETTINGS,
        factors: 3,
        feedback: 'liked',
        likedThreshold: 3.5,
        confidence: 'one-plus-alpha',
      },
      trainMs: 12,
      phaseMs: { setup: 1, gram: 2, solveUsers: 3, solveItems: 4, loss: 5 },
      lossHistory: [1, 0.5],
      run: { workers: 2, memory: 'copy', simd: 'simd' },
    };
    const back = await unpackModel(await packModel(model, d), 'x');
    expect(back.model).toEqual(model);
  });
});
