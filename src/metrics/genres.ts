/**
 * The product's quality figure: do a film's nearest neighbours share a genre with it? For each film with at least
 * `minCount` ratings, the share of its first k neighbours that have at least one genre in common with it, averaged
 * over those films (implicit's ALS on ml-latest-small reaches about 0.833 at k = 10, minCount = 20).
 */

/** Mean genre overlap and how many query films it averages over. */
export interface GenreOverlap {
  /** Mean over query films of (neighbours sharing a genre) / (neighbours looked at); NaN when no film qualifies. */
  overlap: number;
  /** Films with at least minCount ratings that had at least one neighbour. */
  itemsEvaluated: number;
}

/**
 * Averages, over films rated at least `minCount` times, the share of their first `k` neighbours (the query itself
 * and -1 padding are passed over) with a genre in common. A film with no genres counts as sharing none.
 */
export async function genreOverlapAtK(
  neighbours: (itemIndex: number) => Int32Array | Promise<Int32Array>,
  genres: string[][],
  itemCounts: Int32Array,
  minCount = 20,
  k = 10,
): Promise<GenreOverlap> {
  let shareSum = 0;
  let itemsEvaluated = 0;
  for (let item = 0; item < itemCounts.length; item++) {
    if (itemCounts[item] < minCount) continue;
    const queryGenres = new Set(genres[item] ?? []);
    const similar = await neighbours(item);
    let lookedAt = 0;
    let sharing = 0;
    for (let r = 0; r < similar.length && lookedAt < k; r++) {
      const other = similar[r];
      if (other < 0 || other === item) continue;
      lookedAt++;
      if ((genres[other] ?? []).some((genre) => queryGenres.has(genre))) sharing++;
    }
    if (lookedAt === 0) continue;
    shareSum += sharing / lookedAt;
    itemsEvaluated++;
  }
  return { overlap: shareSum / itemsEvaluated, itemsEvaluated };
}
