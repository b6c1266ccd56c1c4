/**
 * Whether a model trained on one dataset still fits another. A person may add movies.csv, links.csv or a poster
 * table after training: the catalogue changes but the users, items and ratings do not, so the model stays valid.
 */
import type { Dataset } from '../data/types.ts';

type Interactions = Pick<Dataset, 'users' | 'items' | 'nnz' | 'itemIds' | 'userIds'>;

/** True when both datasets have the same users, the same items in the same order and the same number of ratings. */
export function sameRatings(a: Interactions, b: Interactions): boolean {
  if (a === b) return true;
  if (a.users !== b.users || a.items !== b.items || a.nnz !== b.nnz) return false;
  return sameInts(a.itemIds, b.itemIds) && sameInts(a.userIds, b.userIds);
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
