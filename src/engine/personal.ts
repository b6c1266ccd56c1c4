/**
 * Recommendations for a person who is not in the training data, without retraining: their factors are solved on
 * the fly against the fixed item factors, exactly as implicit's `recalculate_user` does (the Cholesky solve of
 * implicit/cpu/als.py `user_linear_equation`, Hu, Koren, Volinsky 2008 eq. 4), and `explain` splits a score into
 * the contributions of the person's items (same paper, section 5). Everything is float64; the item factors are the
 * query worker's float32 rows of `stride` floats (padding ignored). No DOM: runs in the query worker and in tests.
 */

/** How a rating becomes a confidence: c = base + alpha * rating (the fit's convention, fit.ts). */
export interface ConfidenceRule {
  alpha: number;
  base: number;
}

/**
 * The rating a like without stars counts as. The model was trained on MovieLens stars as they are (confidence
 * alpha * stars, or 1 + alpha * stars), so a like weighs as a 4-star rating, MovieLens's "really liked it".
 */
export const LIKE_RATING = 4;

/** A person's items: item indices and their ratings (MovieLens stars), one entry per item. */
export interface LikedItems {
  items: Int32Array;
  ratings: Float32Array;
}

/** The solved person: their factors and the Cholesky factor of their A_u, kept for explanations. */
export interface PersonSolve {
  /** x_u, `factors` values. */
  factors: Float64Array;
  /** Lower-triangular L with L Lt = A_u = YtY + reg I + sum (|c| - 1) y yt (factors x factors, row-major). */
  cholesky: Float64Array;
}

/** One item's share of a recommendation's score. */
export interface Contribution {
  item: number;
  score: number;
}

/** Rows per block of itemGram: a block is copied column by column so each Gram entry is one contiguous dot. */
const GRAM_BLOCK = 64;

/**
 * YtY of the item factors in float64 (factors x factors, row-major); computed once per model. Products of float32
 * values are exact in float64, so this is the float64 Gram of the stored factors. Blocked (2.6x faster than the
 * plain triple loop: 60,000 items x 256 factors in about 1.5 s in Node, 0.1 s for 64 factors).
 */
export function itemGram(y: Float32Array, items: number, stride: number, factors: number): Float64Array {
  const k = factors;
  const g = new Float64Array(k * k);
  const block = new Float64Array(k * GRAM_BLOCK);
  for (let first = 0; first < items; first += GRAM_BLOCK) {
    const rows = Math.min(GRAM_BLOCK, items - first);
    if (rows < GRAM_BLOCK) block.fill(0);
    for (let r = 0; r < rows; r++) {
      const row = (first + r) * stride;
      for (let a = 0; a < k; a++) block[a * GRAM_BLOCK + r] = y[row + a];
    }
    for (let a = 0; a < k; a++) {
      const at = a * GRAM_BLOCK;
      for (let b = a; b < k; b++) {
        const bt = b * GRAM_BLOCK;
        // Four partial sums keep the additions independent (GRAM_BLOCK is a multiple of 4).
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let r = 0; r < GRAM_BLOCK; r += 4) {
          s0 += block[at + r] * block[bt + r];
          s1 += block[at + r + 1] * block[bt + r + 1];
          s2 += block[at + r + 2] * block[bt + r + 2];
          s3 += block[at + r + 3] * block[bt + r + 3];
        }
        g[a * k + b] += s0 + s1 + s2 + s3;
      }
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) g[a * k + b] = g[b * k + a];
  return g;
}

/**
 * implicit's exact user solve (`recalculate_user` -> `_least_squares` / `user_linear_equation`):
 * A = YtY + reg I + sum_i (|c_i| - 1) y_i y_it, b = sum_{c_i > 0} c_i y_i, x = A^-1 b by Cholesky.
 * `yty` is the plain Gram matrix (without the regularization).
 */
export function solvePerson(
  liked: LikedItems,
  y: Float32Array,
  stride: number,
  factors: number,
  yty: Float64Array,
  regularization: number,
  confidence: ConfidenceRule,
): PersonSolve {
  const k = factors;
  const a = Float64Array.from(yty);
  for (let f = 0; f < k; f++) a[f * k + f] += regularization;
  const b = new Float64Array(k);
  for (let j = 0; j < liked.items.length; j++) {
    const row = liked.items[j] * stride;
    const c = confidence.base + confidence.alpha * liked.ratings[j];
    if (c > 0) for (let f = 0; f < k; f++) b[f] += c * y[row + f];
    const weight = Math.abs(c) - 1;
    for (let p = 0; p < k; p++) {
      const wp = weight * y[row + p];
      for (let q = 0; q < k; q++) a[p * k + q] += wp * y[row + q];
    }
  }
  const cholesky = choleskyFactor(a, k);
  return { factors: choleskySolve(cholesky, b, k), cholesky };
}

/**
 * implicit's `explain`: weighted = A_u^-1 y_item (cho_solve), then each liked item j contributes
 * c_j * weighted . y_j (items with negative confidence are skipped); the contributions sum to x_u . y_item.
 * Returns the total and the `top` largest contributions, largest first.
 */
export function explainItem(
  solve: PersonSolve,
  item: number,
  liked: LikedItems,
  y: Float32Array,
  stride: number,
  factors: number,
  confidence: ConfidenceRule,
  top: number,
): { total: number; top: Contribution[] } {
  const target = new Float64Array(factors);
  for (let f = 0; f < factors; f++) target[f] = y[item * stride + f];
  const weighted = choleskySolve(solve.cholesky, target, factors);
  let total = 0;
  const all: Contribution[] = [];
  for (let j = 0; j < liked.items.length; j++) {
    const c = confidence.base + confidence.alpha * liked.ratings[j];
    if (c < 0) continue;
    const row = liked.items[j] * stride;
    let s = 0;
    for (let f = 0; f < factors; f++) s += weighted[f] * y[row + f];
    const score = s * c;
    total += score;
    all.push({ item: liked.items[j], score });
  }
  all.sort((p, q) => q.score - p.score);
  return { total, top: all.slice(0, top) };
}

/** L with L Lt = A for a symmetric positive definite A (k x k, row-major); throws when A is not. */
function choleskyFactor(a: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        // Only a zero regularization with fewer items than factors gets here.
        if (!(s > 0)) throw new Error('the model cannot solve these likes (raise the regularization and retrain)');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j];
    }
  }
  return l;
}

/** Solves L Lt z = b (forward then back substitution). */
function choleskySolve(l: Float64Array, b: Float64Array, k: number): Float64Array {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * k + m] * z[m];
    z[i] = s / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let m = i + 1; m < k; m++) s -= l[m * k + i] * z[m];
    z[i] = s / l[i * k + i];
  }
  return z;
}

/**
 * How "For you" ranks films from a person's likes. 'implicit' is implicit's exact `recalculate_user` (above); the
 * others are scored as sum over likes j of share_j . y_i / |y_i|^p (see likesQuery), so each like's part of a
 * score is known exactly and "Because you liked" names the likes that really made it.
 */
export type ForYouMethod = 'implicit' | 'debiased' | 'fold-in' | 'similar';

/** The For you methods a person can choose: label, what it does, and what its score means (the posters' tooltip). */
export const FOR_YOU_METHODS: { method: ForYouMethod; label: string; detail: string; score: string }[] = [
  {
    method: 'debiased',
    label: 'Debiased solve',
    detail: "implicit's user solve, each film's score divided by |its factors|^0.3 (popular films have long vectors)",
    score: "Predicted preference: your factors · the film's, over |the film's|^0.3",
  },
  {
    method: 'implicit',
    label: "implicit's exact solve",
    detail: "implicit's recalculate_user: the least-squares fit of your likes against the item factors",
    score: "Predicted preference: your factors · the film's",
  },
  {
    method: 'fold-in',
    label: 'Fold-in, reg 10',
    detail: 'the same user solve with regularization 10 (leans to popular films)',
    score: "Predicted preference: your factors (reg 10) · the film's",
  },
  {
    method: 'similar',
    label: 'Similar films',
    detail: 'sum of cosine similarity to your likes, as the Similar wall for each',
    score: 'Summed cosine similarity to your likes',
  },
];

/** The method For you uses unless the person picks another. */
export const DEFAULT_FOR_YOU_METHOD: ForYouMethod = 'debiased';

/** The debiased solve divides by |y_i| to this power. */
export const DEBIAS_POWER = 0.3;
/** The regularization of the 'fold-in' method's user solve. */
export const FOLD_IN_REGULARIZATION = 10;

/** A method's linear form for one person: score(i) = sum_j shares[j] . y_i / norms[i]^normPower. */
export interface LikesQuery {
  /** One vector of `factors` per liked item (all zero for a like that takes no part). */
  shares: Float64Array[];
  normPower: number;
}

/**
 * The shares of each like under a method other than 'implicit'. For a user solve x = A^-1 sum_j c_j y_j (implicit's
 * b keeps c_j > 0 only), like j's share is c_j A^-1 y_j, so the shares sum to x; for 'similar' it is y_j / |y_j|.
 */
export function likesQuery(
  method: Exclude<ForYouMethod, 'implicit'>,
  liked: LikedItems,
  y: Float32Array,
  stride: number,
  factors: number,
  yty: Float64Array,
  regularization: number,
  confidence: ConfidenceRule,
  norms: Float64Array,
): LikesQuery {
  const row = (item: number): Float64Array => Float64Array.from(y.subarray(item * stride, item * stride + factors));
  if (method === 'similar') {
    const shares = Array.from(liked.items, (item) => row(item).map((v) => (norms[item] > 0 ? v / norms[item] : 0)));
    return { shares, normPower: 1 };
  }
  const reg = method === 'fold-in' ? FOLD_IN_REGULARIZATION : regularization;
  const { cholesky } = solvePerson(liked, y, stride, factors, yty, reg, confidence);
  const shares = Array.from(liked.items, (item, j) => {
    const c = confidence.base + confidence.alpha * liked.ratings[j];
    return c > 0 ? choleskySolve(cholesky, row(item), factors).map((v) => v * c) : new Float64Array(factors);
  });
  return { shares, normPower: method === 'debiased' ? DEBIAS_POWER : 0 };
}

/** |y_i| of every item (float64). */
export function itemNorms(y: Float32Array, items: number, stride: number, factors: number): Float64Array {
  const norms = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let f = 0; f < factors; f++) s += y[i * stride + f] * y[i * stride + f];
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

/**
 * The n best items for a LikesQuery (items with skip[i] set left out), best first, each with the `because` liked
 * items (of `likedItems`, in the query's order) with the largest shares of the score (-1 padded to `because` per answer); fewer than n when fewer items are left.
 */
export function rankForLikes(
  query: LikesQuery,
  likedItems: Int32Array,
  y: Float32Array,
  stride: number,
  factors: number,
  norms: Float64Array,
  skip: Uint8Array,
  n: number,
  because: number,
): { ids: Int32Array; scores: Float32Array; because: Int32Array; contributions: Float32Array } {
  const k = factors;
  const total = new Float64Array(k);
  for (const share of query.shares) for (let f = 0; f < k; f++) total[f] += share[f];
  const scale = (item: number): number =>
    query.normPower === 0 || norms[item] === 0 ? 1 : norms[item] ** query.normPower;
  // The best n so far, kept sorted (n is a wall's size: insertion is cheaper than a heap here).
  const bestIds: number[] = [];
  const bestScores: number[] = [];
  for (let item = 0; item < norms.length; item++) {
    if (skip[item]) continue;
    let s = 0;
    for (let f = 0; f < k; f++) s += total[f] * y[item * stride + f];
    const score = s / scale(item);
    if (bestIds.length === n && !(score > bestScores[n - 1])) continue;
    let at = Math.min(bestIds.length, n - 1);
    while (at > 0 && bestScores[at - 1] < score) at--;
    bestIds.splice(at, 0, item);
    bestScores.splice(at, 0, score);
    if (bestIds.length > n) {
      bestIds.pop();
      bestScores.pop();
    }
  }
  const ids = Int32Array.from(bestIds);
  const scores = Float32Array.from(bestScores);
  const reasons = new Int32Array(ids.length * because).fill(-1);
  const contributions = new Float32Array(ids.length * because);
  bestIds.forEach((item, r) => {
    const parts = query.shares.map((share, j) => {
      let s = 0;
      for (let f = 0; f < k; f++) s += share[f] * y[item * stride + f];
      return { j, score: s / scale(item) };
    });
    parts.sort((a, b) => b.score - a.score);
    parts.slice(0, because).forEach((part, m) => {
      reasons[r * because + m] = likedItems[part.j];
      contributions[r * because + m] = part.score;
    });
  });
  return { ids, scores, because: reasons, contributions };
}
