/**
 * `npm run bench -- --only search`: keystroke time of the title search at 84,000 titles (ml-32m has 87,585 films).
 * The catalogue is ml-latest-small's real titles (when the data is there) topped up with the sample generator's
 * titles, with a long-tailed popularity. Each query is typed one character at a time; every prefix is timed as the
 * median of several runs, so a record holds per-keystroke medians over all prefixes: their median, 95th percentile
 * and maximum, for exact queries and for misspelled ones separately.
 */
import { join } from 'node:path';
import { mulberry32, randomInt } from '../../src/data/random';
import { sampleTitle } from '../../src/data/sample-titles';
import { createTitleIndex } from '../../src/search/title-index';
import { movielensDir } from '../support/movielens-dir';
import { loadTitlesAndCounts } from '../support/movielens-titles';
import type { BenchRecord } from './suite';

const TITLE_COUNT = 84_000;
const GENRES = ['Drama', 'Comedy', 'Action', 'Thriller', 'Romance', 'Adventure', 'Musical', 'Western', 'Film-Noir'];
const QUERIES = {
  exact: ['the shawshank redemption', 'toy story', 'star wars', 'harry potter', 'silent harbor', 'a', 'e'],
  forgiving: [
    'godfater',
    'lion kng',
    'shawshenk',
    'jurasic park',
    'forest gump',
    'star wars 2',
    'harry potter part II',
  ],
};
const REPS = 7;

function catalogue(): { titles: string[]; popularity: number[] } {
  const dir = movielensDir();
  const real = dir ? loadTitlesAndCounts(join(dir, 'ml-latest-small')) : { titles: [], popularity: [] };
  const random = mulberry32(84);
  const titles = [...real.titles];
  const popularity = [...real.popularity];
  while (titles.length < TITLE_COUNT) {
    titles.push(`${sampleTitle(random, GENRES[randomInt(random, GENRES.length)])} (${1920 + randomInt(random, 105)})`);
    popularity.push(Math.floor(1 / (random() + 1e-3))); // long tail, as rating counts are
  }
  return { titles, popularity };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const round = (value: number) => Number(value.toFixed(3));

/** Builds the index once and times every keystroke of the query sets; one record per set. */
export function benchSearch(log: (message: string) => void): BenchRecord[] {
  const { titles, popularity } = catalogue();
  const started = performance.now();
  const index = createTitleIndex(titles, popularity);
  const buildMs = performance.now() - started;
  log(`search: ${titles.length} titles indexed in ${buildMs.toFixed(0)} ms`);
  for (const query of [...QUERIES.exact, ...QUERIES.forgiving]) index.search(query, 8); // warm up the JIT
  return Object.entries(QUERIES).map(([kind, queries]) => {
    const keystrokeMs: number[] = [];
    for (const query of queries) {
      for (let length = 1; length <= query.length; length++) {
        const typed = query.slice(0, length);
        const times: number[] = [];
        for (let rep = 0; rep < REPS; rep++) {
          const at = performance.now();
          index.search(typed, 8);
          times.push(performance.now() - at);
        }
        keystrokeMs.push(median(times));
      }
    }
    return {
      kind: 'search',
      queries: kind,
      titles: titles.length,
      build_ms: Math.round(buildMs),
      keystrokes: keystrokeMs.length,
      keystroke_median_ms: round(median(keystrokeMs)),
      keystroke_p95_ms: round(percentile(keystrokeMs, 0.95)),
      keystroke_max_ms: round(Math.max(...keystrokeMs)),
    };
  });
}
