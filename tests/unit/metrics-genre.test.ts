/** genreOverlapAtK: the share of a film's neighbours that share a genre with it, averaged over well-rated films. */
import { describe, expect, it } from 'vitest';
import { genreOverlapAtK } from '../../src/metrics/genres';

const genres = [
  ['Comedy', 'Romance'], // 0
  ['Comedy'], // 1
  ['Horror'], // 2
  ['Romance', 'Drama'], // 3
  [], // 4: "(no genres listed)"
];
const neighbourTable: Record<number, number[]> = {
  0: [1, 2, 3], // Comedy yes, Horror no, Romance yes -> 2/3 at k = 3
  1: [1, 0, 2, 3], // itself passed over; then Comedy yes, Horror no, Drama/Romance no -> 1/3
  2: [-1, -1, -1], // no neighbours -> not counted
  3: [0, 4], // Romance yes, no genres no -> 1/2 (only two neighbours looked at)
  4: [0, 1, 2], // a film without genres shares none -> 0
};
const neighbours = (item: number) => Int32Array.from(neighbourTable[item]);

describe('genreOverlapAtK', () => {
  it('averages the per-film shares over films with enough ratings', async () => {
    const counts = Int32Array.of(50, 30, 40, 25, 10); // film 4 has too few ratings at minCount 20
    const result = await genreOverlapAtK(neighbours, genres, counts, 20, 3);
    expect(result.itemsEvaluated).toBe(3);
    expect(result.overlap).toBeCloseTo((2 / 3 + 1 / 3 + 1 / 2) / 3, 9);
  });

  it('looks at only the first k neighbours and counts films without genres when rated enough', async () => {
    const counts = Int32Array.of(50, 50, 50, 50, 50);
    const result = await genreOverlapAtK(async (item) => neighbours(item), genres, counts, 20, 1);
    // k = 1: film 0 -> 1 (Comedy), 1 -> 0 via film 0 (Comedy) = 1, 3 -> 0 (Romance) = 1, 4 -> 0; film 2 has none.
    expect(result.itemsEvaluated).toBe(4);
    expect(result.overlap).toBeCloseTo(3 / 4, 9);
  });

  it('is NaN with no qualifying film, and says how many films it used', async () => {
    const result = await genreOverlapAtK(neighbours, genres, new Int32Array(5), 20, 10);
    expect(result).toEqual({ overlap: NaN, itemsEvaluated: 0 });
  });
});
