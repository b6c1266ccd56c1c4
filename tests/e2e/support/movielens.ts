/**
 * Where the real MovieLens files are: MOVIELENS_DIR (the data folder holding ml-latest-small/, or that folder
 * itself), else ../shared/data next to the repository. Never copied into the repo.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { movielensDir, movielensMissing } from '../../support/movielens-dir.ts';

/** Paths of the ml-latest-small files and the TMDB poster table, or a reason they are missing. */
export type MovieLensFiles =
  | { found: true; ratings: string; movies: string; links: string; posters: string | null }
  | { found: false; reason: string };

/** Finds ml-latest-small through the same rule as every other test (tests/support/movielens-dir.ts). */
export function findMlLatestSmall(): MovieLensFiles {
  const base = movielensDir();
  if (!base) return { found: false, reason: movielensMissing };
  const folder = path.join(base, 'ml-latest-small');
  const file = (name: string) => path.join(folder, name);
  const missing = ['ratings.csv', 'movies.csv', 'links.csv'].filter((name) => !existsSync(file(name)));
  if (missing.length > 0) {
    return {
      found: false,
      reason: `ml-latest-small not found in ${folder} (missing ${missing.join(', ')}); set MOVIELENS_DIR.`,
    };
  }
  const postersCandidates = [path.join(base, 'posters', 'ml-latest-small_tmdb_poster_paths.csv')];
  return {
    found: true,
    ratings: file('ratings.csv'),
    movies: file('movies.csv'),
    links: file('links.csv'),
    posters: postersCandidates.find((candidate) => existsSync(candidate)) ?? null,
  };
}
