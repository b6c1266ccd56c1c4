/** Titles and rating counts of a MovieLens release folder, parsed simply (the app's own reader lives in src/data). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

/** Titles of movies.csv in file order, and each film's number of ratings in ratings.csv. */
export function loadTitlesAndCounts(releaseDir: string): { titles: string[]; popularity: number[] } {
  const movies = Papa.parse<{ movieId: string; title: string }>(readFileSync(join(releaseDir, 'movies.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const ratingCounts = new Map<string, number>();
  const ratingLines = readFileSync(join(releaseDir, 'ratings.csv'), 'utf8').split(/\r?\n/);
  for (let line = 1; line < ratingLines.length; line++) {
    const movieId = ratingLines[line].split(',', 2)[1];
    if (movieId) ratingCounts.set(movieId, (ratingCounts.get(movieId) ?? 0) + 1);
  }
  const titles = movies.map((movie) => movie.title);
  const popularity = movies.map((movie) => ratingCounts.get(movie.movieId) ?? 0);
  return { titles, popularity };
}
