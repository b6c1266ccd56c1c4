/** Where the real MovieLens data is: MOVIELENS_DIR, or ../shared/data beside the repository. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The folder holding ml-latest-small/ etc., or null when it is absent (the reason is in `movielensMissing`). */
export function movielensDir(): string | null {
  const dir = process.env.MOVIELENS_DIR ?? join(repoRoot, '..', 'shared', 'data');
  // MOVIELENS_DIR may point at the data folder or straight at ml-latest-small.
  if (existsSync(join(dir, 'ml-latest-small', 'ratings.csv'))) return dir;
  if (existsSync(join(dir, 'ratings.csv'))) return resolve(dir, '..');
  return null;
}

/** Why movielensDir() is null. */
export const movielensMissing = `MovieLens data not found: set MOVIELENS_DIR or put it at ../shared/data (looked for ml-latest-small/ratings.csv)`;
