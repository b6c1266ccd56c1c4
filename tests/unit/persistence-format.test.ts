/** The saved formats: container (checksum, corrupt and wrong files), datasets and models round trip, migration. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import type { Dataset } from '../../src/data/types.ts';
import { DEFAULT_SETTINGS, type Model } from '../../src/engine/api.ts';
import {
  containerBytes,
  FormatError,
  packBytes,
  packContainer,
  unpackContainer,
  type SectionArray,
} from '../../src/persistence/container.ts';
import {
  packCatalogStrings,
  STRING_FIELDS,
  STRING_LIST_FIELDS,
  unpackCatalogStrings,
} from '../../src/persistence/catalog-strings.ts';
import { crc32, crc32Reference } from '../../src/persistence/crc32.ts';
import {
  DATASET_MAGIC,
  RATINGS_MAGIC,
  packDataset,
  unpackDataset,
  unpackDatasetHead,
  withRatings,
} from '../../src/persistence/dataset-codec.ts';
import { importModel } from '../../src/persistence/import-model.ts';
import {
  migrateModelHeader,
  modelForDataset,
  packModel,
  modelPartsBytes,
  userFactorsOf,
  RetrainNeeded,
  unpackModel,
} from '../../src/persistence/model-codec.ts';
import {
  chunkCount,
  chunkKeys,
  partRanges,
  recordProblem,
  RECORD_VERSION,
  isQuotaError,
} from '../../src/persistence/records.ts';
import {
  packStringLists,
  packStrings,
  putStringLists,
  putStrings,
  unpackStringLists,
  unpackStrings,
} from '../../src/persistence/strings.ts';
import { randomDataset } from '../support/matrices.ts';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

async function smallDataset(): Promise<Dataset> {
  const reader = new Reader();
  const result = await reader.load([
    csv('ratings.csv', 'userId,movieId,rating,timestamp\n10,1,4.0,1\n10,2,3.5,1\n20,2,5.0,1\n20,3,2.5,1\n30,1,1.0,1\n'),
    csv(
      'movies.csv',
      'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,"Amélie, Le (2001) 🎬",Comedy|Romance\n3,Babylon 5,(no genres listed)\n',
    ),
    csv('links.csv', 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0211915,194\n3,0105946,\n'),
  ]);
  return result.dataset!;
}

/** `dataset` with every rating replaced by `value(rating, entry)` (entries in users x items order), both ways. */
function withValues(dataset: Dataset, value: (rating: number, entry: number) => number): Dataset {
  const userItems = { ...dataset.userItems, values: dataset.userItems.values.map(value) };
  const { indptr, indices } = dataset.userItems;
  const itemUsers = { ...dataset.itemUsers, values: new Float32Array(dataset.nnz) };
  const cursor = dataset.itemUsers.indptr.slice(0, dataset.items);
  for (let u = 0; u < dataset.users; u++) {
    for (let k = indptr[u]; k < indptr[u + 1]; k++) itemUsers.values[cursor[indices[k]]++] = userItems.values[k];
  }
  return { ...dataset, userItems, itemUsers };
}

function modelOf(dataset: Dataset, factors = 5): Model {
  const stride = 8;
  const fill = (rows: number, seed: number) =>
    Float32Array.from({ length: rows * stride }, (_, i) => (i % stride < factors ? Math.sin(i * 1.7 + seed) : 0));
  return {
    users: dataset.users,
    items: dataset.items,
    factors,
    stride,
    userFactors: fill(dataset.users, 1),
    itemFactors: fill(dataset.items, 2),
    settings: { ...DEFAULT_SETTINGS, factors, iterations: 7 },
    trainMs: 1234.5,
    phaseMs: { setup: 1, gram: 2, solveUsers: 3, solveItems: 4, loss: 5 },
    lossHistory: [0.5, 0.25],
    run: { workers: 2, memory: 'shared', simd: 'relaxed' },
  };
}

describe('crc32', () => {
  it('gives the standard check value and continues across chunks', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });

  it('four bytes at a time equals the byte-at-a-time loop for every length and split', () => {
    const bytes = Uint8Array.from({ length: 301 }, (_, i) => (i * 7919 + 13) & 0xff);
    for (let length = 0; length <= bytes.length; length += 7) {
      const part = bytes.subarray(0, length);
      expect(crc32(part)).toBe(crc32Reference(part));
      const split = length >> 1;
      expect(crc32(part.subarray(split), crc32(part.subarray(0, split)))).toBe(crc32Reference(part));
    }
  });
});

describe('container', () => {
  it('round-trips typed sections and header, and rejects a wrong magic, a flipped byte and a cut file', async () => {
    const sections = { a: Int32Array.of(1, -2, 3), b: Float64Array.of(Math.PI), c: new Uint8Array([7]) };
    const buffer = await packContainer('TESTFILE', { hello: 'world' }, sections);
    const read = await unpackContainer(buffer, 'TESTFILE', 'The file');
    expect(read.header).toEqual({ hello: 'world' });
    expect([...(read.sections.get('a') as Int32Array)]).toEqual([1, -2, 3]);
    expect((read.sections.get('b') as Float64Array)[0]).toBe(Math.PI);
    await expect(unpackContainer(buffer, 'MRQMODEL', 'The file')).rejects.toThrow(/not a Marquee file/);
    const flipped = buffer.slice(0);
    new Uint8Array(flipped)[40] ^= 1;
    await expect(unpackContainer(flipped, 'TESTFILE', 'The file')).rejects.toThrow(/checksum/);
    await expect(unpackContainer(buffer.slice(0, buffer.byteLength - 9), 'TESTFILE', 'The file')).rejects.toThrow(
      FormatError,
    );
  });
});

describe('strings', () => {
  it('keeps any text, including commas, accents, emoji and empty lists', () => {
    const strings = ['', 'a,b', 'Amélie', '🎬 x', 'Ω'];
    const lists = [['A', 'B'], [], ['Ünïcode', ''], ['x']];
    expect(unpackStrings(packStrings(strings))).toEqual(strings);
    expect(unpackStringLists(packStringLists(lists))).toEqual(lists);
  });
});

describe('datasets', () => {
  it('round-trip every field', async () => {
    const dataset = await smallDataset();
    const back = await unpackDataset(await packDataset(dataset));
    expect(back).toEqual(dataset);
  });

  it('fill a catalogue field missing from an older record (a field added later reads as empty)', async () => {
    const dataset = await smallDataset();
    const withoutGenres = { ...dataset, catalog: { ...dataset.catalog, genres: undefined as unknown as string[][] } };
    const back = await unpackDataset(await packDataset(withoutGenres));
    expect(back.catalog.genres).toEqual([[], [], []]);
    expect(back.catalog.titles).toEqual(dataset.catalog.titles);
  });

  it("read back head first: the wall's fields with the ratings pending, then the ratings complete it", async () => {
    const dataset = await smallDataset();
    const { head, ratings } = await packDataset(dataset);
    const shown = await unpackDatasetHead(head);
    expect(shown.pendingRatings).toBe(true);
    expect([shown.users, shown.items, shown.nnz]).toEqual([dataset.users, dataset.items, dataset.nnz]);
    expect(shown.catalog).toEqual(dataset.catalog);
    expect([...shown.itemCounts]).toEqual([...dataset.itemCounts]);
    expect(shown.userItems.indices.length).toBe(0);
    expect(shown.userItems.indptr.length).toBe(dataset.users + 1);
    const completed = await withRatings(shown, ratings);
    expect(completed).toEqual(dataset);
    expect('pendingRatings' in completed).toBe(false);
    // Each part is its own container: the head is not the ratings, and another dataset's ratings are refused.
    await expect(withRatings(shown, head)).rejects.toThrow(FormatError);
    const other = await unpackDatasetHead((await packDataset(randomDataset(5, 4, 2, 1))).head);
    await expect(withRatings(other, ratings)).rejects.toThrow(/do not belong to this dataset/);
  });

  it('read a record saved whole, before the head and ratings were split', async () => {
    const dataset = await smallDataset();
    const { catalog } = dataset;
    const sections: Record<string, SectionArray> = {
      userIds: dataset.userIds,
      itemIds: dataset.itemIds,
      'userItems.indptr': dataset.userItems.indptr,
      'userItems.indices': dataset.userItems.indices,
      'userItems.values': dataset.userItems.values,
      'itemUsers.indptr': dataset.itemUsers.indptr,
      'itemUsers.indices': dataset.itemUsers.indices,
      'itemUsers.values': dataset.itemUsers.values,
      itemCounts: dataset.itemCounts,
      years: catalog.years,
      imdbIds: catalog.imdbIds,
      tmdbIds: catalog.tmdbIds,
    };
    for (const field of STRING_FIELDS) putStrings(sections, field, catalog[field]);
    for (const field of STRING_LIST_FIELDS) putStringLists(sections, field, catalog[field]);
    const header = { datasetVersion: 1, name: dataset.name, synthetic: false };
    const whole = await packContainer(DATASET_MAGIC, header, sections);
    expect(await unpackDataset(whole)).toEqual(dataset);
  });

  it("lie in a record's chunks as the layout says: the head first, the ratings after it", () => {
    const record = { version: RECORD_VERSION, id: 'r', name: 'n', createdAt: 0, users: 1, items: 1, nnz: 1 };
    expect(partRanges({ ...record, bytes: 9, chunks: 1 })).toBeNull();
    expect(partRanges({ ...record, bytes: 5_000_000, chunks: 4, headBytes: 2_500_000, headChunks: 2 })).toEqual({
      head: { id: 'r', chunks: 2, bytes: 2_500_000 },
      rest: { id: 'r', first: 2, chunks: 2, bytes: 2_500_000 },
    });
    expect(chunkKeys('r', 2, 2)).toEqual([
      ['r', 2],
      ['r', 3],
    ]);
  });

  it('are compact: one direction, a MovieLens rating in one byte (5 bytes a rating), a float one in four', async () => {
    const dataset = randomDataset(2000, 300, 40, 3);
    const { ratings } = await packDataset(dataset);
    // The column index (4 bytes) and the half-star (1), plus the row offsets, item counts and the header.
    expect(ratings.byteLength).toBeLessThan(dataset.nnz * 5 + 2001 * 4 + 300 * 4 + 2_000);
    expect(ratings.byteLength).toBeGreaterThan(dataset.nnz * 5);
    const weighted = withValues(dataset, (value) => value * 0.3);
    const { ratings: floats } = await packDataset(weighted);
    expect(floats.byteLength).toBeGreaterThan(dataset.nnz * 8);
    expect(floats.byteLength).toBeLessThan(dataset.nnz * 8 + 2001 * 4 + 300 * 4 + 2_000);
  });

  it('rebuild the items x users direction as saved, for half-stars and for any float ratings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer(),
        fc.boolean(),
        async (users, items, perRow, seed, floats) => {
          const made = randomDataset(users, items, perRow, seed);
          const dataset = floats ? withValues(made, (value, k) => value * 1.37 + k / 7) : made;
          const { head, ratings } = await packDataset(dataset);
          const back = await withRatings(await unpackDatasetHead(head), ratings);
          expect(back.userItems).toEqual(dataset.userItems);
          expect(back.itemUsers).toEqual(dataset.itemUsers);
          expect(back.itemCounts).toEqual(dataset.itemCounts);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('read ratings saved by layout 1 (both directions, f32)', async () => {
    const dataset = await smallDataset();
    const { head } = await packDataset(dataset);
    const sections: Record<string, SectionArray> = { itemCounts: dataset.itemCounts };
    for (const csr of ['userItems', 'itemUsers'] as const) {
      for (const part of ['indptr', 'indices', 'values'] as const) sections[`${csr}.${part}`] = dataset[csr][part];
    }
    const header = { datasetVersion: 1, users: dataset.users, items: dataset.items, nnz: dataset.nnz };
    const ratings = await packContainer(RATINGS_MAGIC, header, sections);
    expect(await withRatings(await unpackDatasetHead(head), ratings)).toEqual(dataset);
  });

  it('refuse ratings whose matrix is damaged though their checksum holds: a film out of range, rows out of order', async () => {
    const dataset = await smallDataset();
    const { head } = await packDataset(dataset);
    const shown = await unpackDatasetHead(head);
    const header = { datasetVersion: 2, users: dataset.users, items: dataset.items, nnz: dataset.nnz };
    const saved = (indptr: Int32Array, indices: Int32Array) =>
      packContainer(RATINGS_MAGIC, header, {
        itemCounts: dataset.itemCounts,
        'userItems.indptr': indptr,
        'userItems.indices': indices,
        'userItems.values': dataset.userItems.values,
      });
    const { indptr, indices } = dataset.userItems;
    const outOfRange = indices.map((item, k) => (k === 1 ? dataset.items : item));
    await expect(withRatings(shown, await saved(indptr, outOfRange))).rejects.toThrow(/is damaged/);
    const disordered = indptr.map((at, r) => (r === 1 ? dataset.nnz + 1 : at));
    await expect(withRatings(shown, await saved(disordered, indices))).rejects.toThrow(/is damaged/);
    expect(await withRatings(shown, await saved(indptr, indices))).toEqual(dataset);
  });
});

describe('models', () => {
  it('round-trip bit for bit with settings, timings, loss history and run info', async () => {
    const dataset = await smallDataset();
    const model = modelOf(dataset);
    const packed = await unpackModel(await packModel(model, dataset), 'This model file');
    expect(packed.model).toEqual(model);
    expect([...packed.itemIds]).toEqual([...dataset.itemIds]);
  });

  it('are matched to another loading of the same data by id, and refused for other data', async () => {
    const dataset = await smallDataset();
    const model = modelOf(dataset);
    const packed = await unpackModel(await packModel(model, dataset), 'f');
    // The same movies in another order: rows follow the ids.
    const reversed = { ...dataset, itemIds: dataset.itemIds.slice().reverse() };
    const aligned = modelForDataset(packed, reversed);
    expect([...aligned.itemFactors.subarray(0, 8)]).toEqual([...model.itemFactors.subarray(16, 24)]);
    const other = { ...dataset, itemIds: Int32Array.of(1, 2, 99) };
    expect(() => modelForDataset(packed, other)).toThrow(/1 movies of the loaded dataset are not in the model/);
    const fewer = { ...dataset, userIds: Int32Array.of(10, 20) };
    expect(() => modelForDataset(packed, fewer)).toThrow(/trained on other ratings/);
  });

  it('saved in two parts read back the head first (no user factors yet), then the user factors, in any row order', async () => {
    const dataset = await smallDataset();
    const model = modelOf(dataset);
    // As IndexedDB gets them: each part's bytes written out in order.
    const packParts = async (...args: Parameters<typeof modelPartsBytes>) => {
      const parts = modelPartsBytes(...args);
      return { head: await packBytes(parts.head), rest: await packBytes(parts.rest) };
    };
    const { head, rest } = await packParts(model, dataset);
    const packed = await unpackModel(head, 'The saved model');
    expect(packed.model.userFactors.length).toBe(0);
    expect(packed.model.itemFactors).toEqual(model.itemFactors);
    const shown = modelForDataset(packed, dataset);
    expect({ ...shown, userFactors: model.userFactors }).toEqual(model);
    expect(await userFactorsOf(packed, rest, dataset)).toEqual(model.userFactors);
    // Another loading of the same users in another order gets its rows in its order.
    const reversed = { ...dataset, userIds: dataset.userIds.slice().reverse() };
    modelForDataset(packed, reversed);
    const rows = await userFactorsOf(packed, rest, reversed);
    expect([...rows.subarray(0, 8)]).toEqual([...model.userFactors.subarray(16, 24)]);
    // Not another model's, and not a model whose user factors are still being read.
    const fewerUsers = { ...model, users: 2, userFactors: new Float32Array(2 * model.stride) };
    const other = await packParts(fewerUsers, { ...dataset, userIds: Int32Array.of(10, 20) });
    await expect(userFactorsOf(packed, other.rest, dataset)).rejects.toThrow(/do not match/);
    await expect(userFactorsOf(packed, head, dataset)).rejects.toThrow(FormatError);
    expect(() => packModel(shown, dataset)).toThrow(/still being read/);
  });

  it('import: a Marquee file round-trips identical factors; a text file gets a clear error', async () => {
    const dataset = await smallDataset();
    const model = modelOf(dataset);
    const imported = await importModel(await packModel(model, dataset), 'm.marquee', dataset);
    expect(imported.userFactors).toEqual(model.userFactors);
    expect(imported.itemFactors).toEqual(model.itemFactors);
    const text = new TextEncoder().encode('userId,movieId\n1,2\n').buffer;
    await expect(importModel(text, 'ratings.csv', dataset)).rejects.toThrow(/ratings.csv is neither a Marquee model/);
  });

  it('saved by an older layout need retraining; by a newer one, an update', async () => {
    expect(() => migrateModelHeader({}, 'The saved model')).toThrow(RetrainNeeded);
    expect(() => migrateModelHeader({ modelVersion: 0 }, 'The saved model')).toThrow(/retrain needed/);
    expect(() => migrateModelHeader({ modelVersion: 99 }, 'The saved model')).toThrow(/newer version/);
    expect(migrateModelHeader({ modelVersion: 1, a: 1 }, 'x')).toEqual({ modelVersion: 1, a: 1 });
  });
});

describe('records', () => {
  it('say what an old or newer record needs', () => {
    expect(recordProblem({ version: RECORD_VERSION }, 'model')).toBeNull();
    expect(recordProblem({}, 'model')).toMatch(/retrain needed/);
    expect(recordProblem({ version: 0 }, 'dataset')).toMatch(/load its files again/);
    expect(recordProblem({ version: RECORD_VERSION + 1 }, 'model')).toMatch(/newer version/);
  });

  it('are made chunk by chunk as they are written, the same bytes as packed whole', async () => {
    const sections = {
      a: Float32Array.from({ length: 333 }, (_, i) => i / 7),
      b: Int32Array.from({ length: 101 }, (_, i) => i * 3 - 50),
      c: Uint8Array.from({ length: 13 }, (_, i) => i),
    };
    const whole = new Uint8Array(await packContainer('TESTMAG1', { note: 'x' }, sections));
    const bytes = containerBytes('TESTMAG1', { note: 'x' }, sections);
    expect(bytes.byteLength).toBe(whole.length);
    // Chunks of every size from 1 byte up, crossing the header, sections, padding and the checksum at the end.
    const count = chunkCount(whole.length, 300);
    expect(count).toBe(Math.ceil(whole.length / 300));
    const joined = new Uint8Array(whole.length);
    for (let at = 0, size = 1; at < whole.length; at += size, size = (size * 3) % 301 || 1) {
      const chunk = new Uint8Array(Math.min(size, whole.length - at));
      bytes.fill(chunk);
      joined.set(chunk, at);
    }
    expect(joined).toEqual(whole);
    const read = await unpackContainer(joined.buffer, 'TESTMAG1', 'The test file');
    expect(read.sections.get('b')).toEqual(sections.b);
    expect(chunkCount(0, 300)).toBe(1);
  });

  it("travel between threads packed: the catalogue's string fields come back as they were", async () => {
    const catalog = {
      titles: [
        'Amélie (2001)',
        '',
        'Léon: The Professional (a.k.a. The Professional) (Léon) (1994)',
        '東京物語 (1953)',
      ],
      posterPaths: ['/a.jpg', '', '', '/d.jpg'],
      genres: [['Comedy', 'Romance'], [], ['Action', 'Crime', 'Drama', 'Thriller'], ['Drama']],
      tags: [[], ['quirky'], [], ['ozu', 'family']],
      years: new Int16Array([2001, 0, 1994, 1953]),
      imdbIds: new Int32Array(4),
      tmdbIds: new Int32Array(4),
    };
    const { catalog: empty, packed, buffers } = packCatalogStrings(catalog);
    expect(empty.titles).toEqual([]);
    expect(empty.genres).toEqual([]);
    expect(empty.years).toBe(catalog.years);
    // Every buffer named is one the packed fields use, so transferring them leaves nothing behind.
    expect(buffers).toHaveLength(2 * 2 + 3 * 2);
    const back = await unpackCatalogStrings(empty, structuredClone(packed, { transfer: buffers }));
    expect(back).toEqual(catalog);
  });

  it('recognise quota errors', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
