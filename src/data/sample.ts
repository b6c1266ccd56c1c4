/**
 * The built-in sample: a seeded, made-up catalogue in MovieLens format (ratings.csv and movies.csv text), so it
 * goes through exactly the parser a real download does. Users prefer one to three genres and mostly rate films
 * of those genres, higher than the rest, so ALS finds neighbours that visibly share genres.
 */
import { mulberry32, randomInt, roughNormal, type Random } from './random.ts';
import { sampleTitle } from './sample-titles.ts';

/** Shape of the sample; the defaults give ~400 films, ~600 users, ~40k ratings. */
export interface SampleShape {
  films: number;
  users: number;
  /** Mean ratings per user. */
  meanRatingsPerUser: number;
}

/** The default sample shape. */
export const DEFAULT_SAMPLE_SHAPE: SampleShape = { films: 400, users: 600, meanRatingsPerUser: 67 };

/** MovieLens genres (README "Genres"), with how common each is as a film's main genre in the sample. */
const GENRE_WEIGHTS: [string, number][] = [
  ['Drama', 10],
  ['Comedy', 10],
  ['Action', 7],
  ['Thriller', 6],
  ['Romance', 5],
  ['Adventure', 5],
  ['Crime', 5],
  ['Sci-Fi', 4],
  ['Horror', 4],
  ['Fantasy', 3],
  ['Children', 3],
  ['Animation', 3],
  ['Mystery', 3],
  ['Documentary', 2],
  ['War', 2],
  ['Musical', 2],
  ['Western', 2],
  ['Film-Noir', 1],
];

/** Genres that often go together, so secondary genres look like MovieLens's ("Action|Sci-Fi|Thriller"). */
const RELATED_GENRES: Record<string, string[]> = {
  Drama: ['Romance', 'Crime', 'War'],
  Comedy: ['Romance', 'Children', 'Musical'],
  Action: ['Thriller', 'Adventure', 'Sci-Fi'],
  Thriller: ['Crime', 'Mystery', 'Action'],
  Romance: ['Drama', 'Comedy', 'Musical'],
  Adventure: ['Action', 'Fantasy', 'Children'],
  Crime: ['Thriller', 'Drama', 'Film-Noir'],
  'Sci-Fi': ['Action', 'Thriller', 'Adventure'],
  Horror: ['Thriller', 'Mystery', 'Sci-Fi'],
  Fantasy: ['Adventure', 'Children', 'Animation'],
  Children: ['Animation', 'Comedy', 'Fantasy'],
  Animation: ['Children', 'Comedy', 'Fantasy'],
  Mystery: ['Thriller', 'Crime', 'Horror'],
  Documentary: ['War', 'Musical', 'Drama'],
  War: ['Drama', 'Action', 'Adventure'],
  Musical: ['Romance', 'Comedy', 'Children'],
  Western: ['Action', 'Adventure', 'Drama'],
  'Film-Noir': ['Crime', 'Mystery', 'Thriller'],
};

/** One made-up film. */
interface SampleFilm {
  movieId: number;
  title: string;
  genres: string[];
  /** Relative chance of being picked (a skewed popularity). */
  popularity: number;
  /** How good people find it, added to every rating. */
  quality: number;
}

function pickWeighted<T>(random: Random, entries: [T, number][]): T {
  let total = 0;
  for (const [, weight] of entries) total += weight;
  let target = random() * total;
  for (const [value, weight] of entries) {
    target -= weight;
    if (target < 0) return value;
  }
  return entries[entries.length - 1][0];
}

function makeFilms(random: Random, count: number): SampleFilm[] {
  const films: SampleFilm[] = [];
  const usedTitles = new Set<string>();
  for (let i = 0; i < count; i++) {
    const main = pickWeighted(random, GENRE_WEIGHTS);
    const genres = [main];
    const extra = randomInt(random, 3); // 0..2 related genres
    for (let e = 0; e < extra; e++) {
      const candidate = RELATED_GENRES[main][randomInt(random, 3)];
      if (!genres.includes(candidate)) genres.push(candidate);
    }
    const year = 1940 + Math.floor(78 * Math.sqrt(random())); // more recent films, as in MovieLens
    let title = `${sampleTitle(random, main)} (${year})`;
    for (let tries = 0; usedTitles.has(title); tries++) {
      // A large catalogue runs out of made-up names: number the film as a sequel rather than draw forever.
      const name = sampleTitle(random, main);
      title = tries < 20 ? `${name} (${year})` : `${name} ${2 + randomInt(random, tries)} (${year})`;
    }
    usedTitles.add(title);
    films.push({ movieId: i + 1, title, genres: genres.sort(), popularity: 0, quality: roughNormal(random) * 0.4 });
  }
  const ranks = films.map((_, r) => r + 1);
  for (let r = ranks.length - 1; r > 0; r--) {
    const j = randomInt(random, r + 1);
    [ranks[r], ranks[j]] = [ranks[j], ranks[r]];
  }
  // Popularity ~ rank^-0.7 over a random order: a few hits, a long tail, yet not so steep that hits drown genres.
  films.forEach((film, i) => (film.popularity = Math.pow(ranks[i], -0.7)));
  return films;
}

/** Picks one index with probability proportional to `cumulative` increments (binary search). */
function pickCumulative(random: Random, cumulative: Float64Array): number {
  const target = random() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulativeOf(weights: number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  return cumulative;
}

/** CSV-quotes a field when it holds a comma or quote (RFC 4180 section 2). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The sample as MovieLens text: movies.csv and ratings.csv (CRLF-free, header first, sorted by user and movie). */
export function generateSampleCsv(
  seed = 1,
  shape: SampleShape = DEFAULT_SAMPLE_SHAPE,
): { moviesCsv: string; ratingsCsv: string } {
  const random = mulberry32(seed);
  const films = makeFilms(random, shape.films);
  const popularityCumulative = cumulativeOf(films.map((f) => f.popularity));
  const ratingLines: string[] = ['userId,movieId,rating,timestamp'];
  const firstTimestamp = 946684800; // 2000-01-01 UTC
  const timestampSpan = 18 * 365 * 86400;

  for (let user = 1; user <= shape.users; user++) {
    const liked = new Set<string>();
    const likedCount = 1 + randomInt(random, 3);
    while (liked.size < likedCount) liked.add(pickWeighted(random, GENRE_WEIGHTS));
    const likes = (film: SampleFilm) => film.genres.some((g) => liked.has(g));
    // Films of a liked genre are 40x as likely to be picked: that co-occurrence is what ALS learns.
    const userCumulative = cumulativeOf(films.map((f) => f.popularity * (likes(f) ? 40 : 1)));
    const r = random();
    const wanted = Math.min(films.length / 2, Math.round(15 + (shape.meanRatingsPerUser - 15) * 3 * r * r));
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < wanted && tries < wanted * 20; tries++) {
      chosen.add(pickCumulative(random, tries % 10 === 0 ? popularityCumulative : userCumulative));
    }
    const mood = roughNormal(random) * 0.3;
    for (const index of [...chosen].sort((a, b) => a - b)) {
      const film = films[index];
      const base = likes(film) ? 4.0 : 2.7;
      const value = base + film.quality + mood + roughNormal(random) * 0.6;
      const rating = Math.min(5, Math.max(0.5, Math.round(value * 2) / 2));
      const timestamp = firstTimestamp + randomInt(random, timestampSpan);
      ratingLines.push(`${user},${film.movieId},${rating.toFixed(1)},${timestamp}`);
    }
  }
  return { moviesCsv: moviesCsvOf(films), ratingsCsv: ratingLines.join('\n') + '\n' };
}

/** movies.csv text (header first) for films numbered 1..n. */
function moviesCsvOf(films: readonly Pick<SampleFilm, 'movieId' | 'title' | 'genres'>[]): string {
  const lines = [
    'movieId,title,genres',
    ...films.map((f) => `${f.movieId},${csvField(f.title)},${f.genres.join('|')}`),
  ];
  return lines.join('\n') + '\n';
}

/** A seeded movies.csv of `count` made-up films with movieIds 1..count (for generated benchmark folders). */
export function generateMoviesCsv(count: number, seed = 1): string {
  return moviesCsvOf(makeFilms(mulberry32(seed), count));
}

/** The sample as Files, ready for Reader.load. */
export function sampleCatalogueFiles(seed = 1): File[] {
  const { moviesCsv, ratingsCsv } = generateSampleCsv(seed);
  return [
    new File([ratingsCsv], 'ratings.csv', { type: 'text/csv' }),
    new File([moviesCsv], 'movies.csv', { type: 'text/csv' }),
  ];
}
