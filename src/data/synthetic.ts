/**
 * Synthetic ratings for benchmarks, shaped like MovieLens: users draw their ratings roughly uniformly,
 * item popularity follows rank^-0.8 (a long tail, ranks shuffled so popular items are spread over the ids),
 * no (user, item) pair repeats, and rating values follow ml-latest-small's histogram.
 * Typed arrays throughout: ml-25m's shape (25,000,000 ratings, 162,541 users x 59,047 items) fits in ~300 MB.
 */
import { assembleDataset } from './build.ts';
import { buildCatalog } from './catalog.ts';
import { ratingsToCsr } from './csr.ts';
import { mulberry32, randomInt, type Random } from './random.ts';
import type { Dataset } from './types.ts';

/** Size and seed of a synthetic dataset. */
export interface SyntheticShape {
  users: number;
  items: number;
  ratings: number;
  seed: number;
}

/** Generated ratings: parallel arrays of 0-based user index, 0-based item index and rating, grouped by user. */
export interface SyntheticRatings {
  users: number;
  items: number;
  userIndices: Int32Array;
  itemIndices: Int32Array;
  ratings: Float32Array;
}

/** Exponent of the item popularity power law: P(item of rank k) ∝ k^-0.8. */
export const POPULARITY_EXPONENT = 0.8;

/** The rating values MovieLens uses. */
export const RATING_VALUES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/**
 * How many of ml-latest-small's 100,836 ratings take each value in RATING_VALUES, counted once from
 * ../shared/data/ml-latest-small/ratings.csv (`cut -d, -f3 | sort | uniq -c`); proportions are these / 100,836.
 */
export const ML_LATEST_SMALL_RATING_COUNTS = [1370, 2811, 1791, 7551, 5550, 20047, 13136, 26818, 8551, 13211];

/** Vose's alias method (Vose 1991; Walker 1977): O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  readonly #probability: Float64Array;
  readonly #alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.#probability = new Float64Array(n);
    this.#alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const less = small[--smallCount];
      const more = large[--largeCount];
      this.#probability[less] = scaled[less];
      this.#alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1;
      if (scaled[more] < 1) small[smallCount++] = more;
      else large[largeCount++] = more;
    }
    while (largeCount > 0) this.#probability[large[--largeCount]] = 1;
    while (smallCount > 0) this.#probability[small[--smallCount]] = 1; // rounding leftovers
  }

  /** One index drawn with probability proportional to its weight. */
  draw(random: Random): number {
    const column = randomInt(random, this.#probability.length);
    return random() < this.#probability[column] ? column : this.#alias[column];
  }
}

/** How many ratings each user gets: each rating picks a user uniformly, capped at `items` per user. */
function ratingsPerUser(random: Random, users: number, items: number, ratings: number): Int32Array {
  const counts = new Int32Array(users);
  for (let r = 0; r < ratings; r++) counts[randomInt(random, users)]++;
  // A user cannot rate more items than exist; hand any excess to users with room (only for tiny, dense shapes).
  let excess = 0;
  for (let u = 0; u < users; u++) {
    if (counts[u] > items) {
      excess += counts[u] - items;
      counts[u] = items;
    }
  }
  for (let u = 0; excess > 0; u = (u + 1) % users) {
    if (counts[u] < items) {
      counts[u]++;
      excess--;
    }
  }
  return counts;
}

/** Generates `ratings` distinct (user, item) ratings; see the module comment for the distributions. */
export function generateSyntheticRatings(shape: SyntheticShape): SyntheticRatings {
  const { users, items, ratings } = shape;
  if (users < 1 || items < 1 || ratings < 0 || ratings > users * items) {
    throw new RangeError(`cannot place ${ratings} distinct ratings among ${users} users x ${items} items`);
  }
  const random = mulberry32(shape.seed);

  const rankOfItem = new Int32Array(items);
  for (let i = 0; i < items; i++) rankOfItem[i] = i + 1;
  for (let i = items - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const swap = rankOfItem[i];
    rankOfItem[i] = rankOfItem[j];
    rankOfItem[j] = swap;
  }
  const popularity = new Float64Array(items);
  for (let i = 0; i < items; i++) popularity[i] = Math.pow(rankOfItem[i], -POPULARITY_EXPONENT);
  const itemTable = new AliasTable(popularity);
  const ratingTable = new AliasTable(ML_LATEST_SMALL_RATING_COUNTS);

  const counts = ratingsPerUser(random, users, items, ratings);
  const userIndices = new Int32Array(ratings);
  const itemIndices = new Int32Array(ratings);
  const values = new Float32Array(ratings);
  // takenBy[item] = user + 1 when that user already rated it: an O(1) per-user set with no allocation.
  const takenBy = new Int32Array(items);
  const everyItem = new Int32Array(items);
  for (let i = 0; i < items; i++) everyItem[i] = i;

  let at = 0;
  for (let u = 0; u < users; u++) {
    const want = counts[u];
    const stamp = u + 1;
    if (want * 4 > items) {
      // Dense user: rejection against a long tail would crawl, so take a uniform subset (partial Fisher–Yates).
      for (let k = 0; k < want; k++) {
        const j = k + randomInt(random, items - k);
        const swap = everyItem[k];
        everyItem[k] = everyItem[j];
        everyItem[j] = swap;
        userIndices[at] = u;
        itemIndices[at] = everyItem[k];
        values[at++] = RATING_VALUES[ratingTable.draw(random)];
      }
      continue;
    }
    for (let k = 0; k < want;) {
      const item = itemTable.draw(random);
      if (takenBy[item] === stamp) continue;
      takenBy[item] = stamp;
      userIndices[at] = u;
      itemIndices[at] = item;
      values[at++] = RATING_VALUES[ratingTable.draw(random)];
      k++;
    }
  }
  return { users, items, userIndices, itemIndices, ratings: values };
}

/** A Dataset from synthetic ratings (ids are index + 1, as in the CSV that `npm run gen` writes). */
export function syntheticDataset(generated: SyntheticRatings, name?: string): Dataset {
  const csr = ratingsToCsr(generated.userIndices, generated.itemIndices, generated.ratings);
  for (let i = 0; i < csr.userIds.length; i++) csr.userIds[i] += 1;
  for (let i = 0; i < csr.itemIds.length; i++) csr.itemIds[i] += 1;
  const { catalog } = buildCatalog(csr.itemIds, { movies: null, links: null, posters: null });
  const shape = `${generated.users.toLocaleString('en-US')} users x ${generated.items.toLocaleString('en-US')} items`;
  return assembleDataset(csr, catalog, name ?? `Synthetic ${shape}`, true);
}
