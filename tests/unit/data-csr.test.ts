/** Id remapping and the CSR pair: a hand-worked example, duplicates, and a property test against a naive build. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  privateMemory,
  ratingsToCsr,
  repeatsInGroupedRatings,
  transposeCsr,
  transposeCsrInSlices,
} from '../../src/data/csr.ts';
import type { Csr } from '../../src/data/types.ts';

/** Every stored entry as "row,col,value" strings, for comparing two matrices regardless of layout. */
function triples(csr: Csr, transpose = false): string[] {
  const out: string[] = [];
  for (let r = 0; r + 1 < csr.indptr.length; r++) {
    for (let k = csr.indptr[r]; k < csr.indptr[r + 1]; k++) {
      out.push(transpose ? `${csr.indices[k]},${r},${csr.values[k]}` : `${r},${csr.indices[k]},${csr.values[k]}`);
    }
  }
  return out.sort();
}

function columnsAscending(csr: Csr): boolean {
  for (let r = 0; r + 1 < csr.indptr.length; r++) {
    for (let k = csr.indptr[r] + 1; k < csr.indptr[r + 1]; k++) if (csr.indices[k - 1] >= csr.indices[k]) return false;
  }
  return true;
}

describe('ratingsToCsr', () => {
  it('builds the hand-worked example', () => {
    // userId 7 rated movies 30 (4) and 10 (5); userId 3 rated 20 (1.5) and 30 (3). Movie 99 is never rated.
    const build = ratingsToCsr(Int32Array.of(7, 3, 7, 3), Int32Array.of(30, 20, 10, 30), Float32Array.of(4, 1.5, 5, 3));
    expect([...build.userIds]).toEqual([3, 7]); // user index 0 = userId 3
    expect([...build.itemIds]).toEqual([10, 20, 30]);
    expect([...build.userItems.indptr]).toEqual([0, 2, 4]);
    expect([...build.userItems.indices]).toEqual([1, 2, 0, 2]);
    expect([...build.userItems.values]).toEqual([1.5, 3, 5, 4]);
    expect([...build.itemUsers.indptr]).toEqual([0, 1, 2, 4]);
    expect([...build.itemUsers.indices]).toEqual([1, 0, 0, 1]);
    expect([...build.itemUsers.values]).toEqual([5, 1.5, 3, 4]);
    expect([...build.itemCounts]).toEqual([1, 1, 2]);
    expect(build.duplicates).toBe(0);
  });

  it('keeps the last rating of a repeated (user, movie) pair', () => {
    const build = ratingsToCsr(Int32Array.of(1, 1, 2, 1), Int32Array.of(5, 5, 5, 5), Float32Array.of(1, 2, 3, 4.5));
    expect(build.duplicates).toBe(2);
    expect([...build.userItems.values]).toEqual([4.5, 3]);
    expect([...build.itemCounts]).toEqual([2]);
  });

  it('keeps the latest rating of a repeated pair by timestamp, and the later line on a tie', () => {
    // User 1 rated movie 5 three times: at t=30 (2), t=10 (4) and t=30 again (3.5): the later t=30 line wins.
    // User 2 rated movie 5 twice: t=50 (1) then t=20 (5): the earlier line is the later rating.
    const build = ratingsToCsr(
      Int32Array.of(1, 1, 2, 1, 2),
      Int32Array.of(5, 5, 5, 5, 5),
      Float32Array.of(2, 4, 1, 3.5, 5),
      5,
      Uint32Array.of(30, 10, 50, 30, 20),
    );
    expect(build.duplicates).toBe(3);
    expect([...build.userItems.values]).toEqual([3.5, 1]);
    expect([...build.itemUsers.values]).toEqual([3.5, 1]);
  });

  it('handles no ratings', () => {
    const build = ratingsToCsr(new Int32Array(0), new Int32Array(0), new Float32Array(0));
    expect(build.userIds.length).toBe(0);
    expect([...build.userItems.indptr]).toEqual([0]);
  });

  it('uses the sorted fallback for ids spread over a huge range', () => {
    const build = ratingsToCsr(Int32Array.of(2_000_000_000, 1), Int32Array.of(5, 1_900_000_000), Float32Array.of(1, 2));
    expect([...build.userIds]).toEqual([1, 2_000_000_000]);
    expect([...build.itemIds]).toEqual([5, 1_900_000_000]);
    expect(triples(build.userItems)).toEqual(['0,1,2', '1,0,1']);
  });

  it('holds the same triples in both directions as a naive map-based build (property)', () => {
    const rating = fc.integer({ min: 1, max: 10 }).map((halfStars) => halfStars / 2);
    // Three users give rows of ~100 entries (the merge sort), forty give short rows (the insertion sort).
    const entries = fc.constantFrom(3, 40).chain((users) => fc.array(entry(users), { maxLength: 300 }));
    const entry = (users: number) =>
      fc.tuple(
        fc.integer({ min: 1, max: users }),
        fc.integer({ min: 1, max: 60 }),
        rating,
        fc.integer({ min: 0, max: 5 }),
      );
    fc.assert(
      fc.property(entries, fc.boolean(), fc.constantFrom('any', 'grouped', 'sorted'), (drawn, withStamps, order) => {
        // The three file orders take different paths through ratingsToCsr (stable sorts keep file order).
        const entries =
          order === 'any' ? drawn : [...drawn].sort((a, b) => a[0] - b[0] || (order === 'sorted' ? a[1] - b[1] : 0));
        const build = ratingsToCsr(
          Int32Array.from(entries.map((e) => e[0])),
          Int32Array.from(entries.map((e) => e[1])),
          Float32Array.from(entries.map((e) => e[2])),
          entries.length,
          withStamps ? Uint32Array.from(entries.map((e) => e[3])) : null,
        );
        // Naive reference: the latest timestamp per pair wins, the later line on a tie (or without timestamps);
        // indices are ranks of ids in ascending order.
        const last = new Map<string, number>();
        const latest = new Map<string, number>();
        for (const [u, m, r, t] of entries) {
          const key = `${u},${m}`;
          const stamp = withStamps ? t : 0;
          if (!latest.has(key) || stamp >= latest.get(key)!) {
            latest.set(key, stamp);
            last.set(key, r);
          }
        }
        const userIds = [...new Set(entries.map((e) => e[0]))].sort((a, b) => a - b);
        const itemIds = [...new Set(entries.map((e) => e[1]))].sort((a, b) => a - b);
        const expected = [...last].map(([key, r]) => {
          const [u, m] = key.split(',').map(Number);
          return `${userIds.indexOf(u)},${itemIds.indexOf(m)},${r}`;
        });
        expect([...build.userIds]).toEqual(userIds);
        expect([...build.itemIds]).toEqual(itemIds);
        expect(triples(build.userItems)).toEqual(expected.sort());
        expect(triples(build.itemUsers, true)).toEqual(triples(build.userItems));
        expect(columnsAscending(build.userItems) && columnsAscending(build.itemUsers)).toBe(true);
        expect(build.duplicates).toBe(entries.length - last.size);
        const counts = Array.from(build.itemCounts);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(last.size);
      }),
    );
  });

  it('finds repeated pairs in a file grouped by user, and declines to answer for other orders (property)', () => {
    const pair = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 40 }), fc.boolean(), (drawn, grouped) => {
        const pairs = grouped ? [...drawn].sort((a, b) => a[0] - b[0]) : drawn;
        const users = Int32Array.from(pairs.map((p) => p[0]));
        const movies = Int32Array.from(pairs.map((p) => p[1]));
        const repeats = new Set(pairs.map((p) => `${p[0]},${p[1]}`)).size < pairs.length;
        const answer = repeatsInGroupedRatings(users, movies, pairs.length);
        const isGrouped = pairs.every((p, i) => i === 0 || p[0] >= pairs[i - 1][0]);
        expect(answer).toBe(isGrouped ? repeats : null);
      }),
    );
  });
});

describe('transposeCsrInSlices', () => {
  it('gives transposeCsr for any slice size, pausing between slices, and null for a column out of range', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 10 })),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 1, max: 8 }),
        async (rows, slice) => {
          const { userItems, itemIds } = ratingsToCsr(
            Int32Array.from(rows, (r) => r[0]),
            Int32Array.from(rows, (r) => r[1]),
            Float32Array.from(rows, (r) => r[2] / 2),
          );
          let pauses = 0;
          const pause = () => {
            pauses++;
            return Promise.resolve();
          };
          const sliced = await transposeCsrInSlices(userItems, itemIds.length, privateMemory, pause, slice);
          expect(sliced).toEqual(transposeCsr(userItems, itemIds.length).csr);
          // The count pass and the scatter pass each pause once per slice of entries (a long row is one slice).
          expect(pauses).toBeGreaterThanOrEqual(Math.ceil(userItems.indices.length / slice));
        },
      ),
    );
    const csr = { indptr: Int32Array.of(0, 2), indices: Int32Array.of(0, 3), values: Float32Array.of(1, 2) };
    expect(await transposeCsrInSlices(csr, 3, privateMemory, () => Promise.resolve())).toBeNull();
    expect(await transposeCsrInSlices(csr, 4, privateMemory, () => Promise.resolve())).not.toBeNull();
  });
});
