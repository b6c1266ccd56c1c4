/** The most rated films, for the starting points offered before anything is typed. */

/** Indices of the k largest counts, largest first (ties by lower index); one pass, k small. */
export function topByCount(counts: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    if (best.length === k && counts[i] <= counts[best[k - 1]]) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && counts[best[at - 1]] < counts[i]) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
