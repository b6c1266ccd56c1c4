/**
 * Small MovieLens-shaped releases made by the tests (never MovieLens data): a "latest" CSV release, an ml-1m-like
 * set of .dat files in Latin-1, an ml-10m-like one in UTF-8 with tags.dat, hostile titles, and zips of any of them.
 * Ratings come in two taste groups (odd and even movies) so training has something to find.
 */
import { zipSync } from 'fflate';
import { mulberry32 } from '../../../src/data/random.ts';

const ADJECTIVES = ['Quiet', 'Crimson', 'Hidden', 'Silver', 'Broken', 'Golden', 'Last', 'Frozen', 'Wild', 'Lonely'];
const NOUNS = ['Harbor', 'Orchard', 'Engine', 'Lantern', 'Circus', 'Meadow'];

/** Distinct titles "Quiet Harbor (1980)", "Crimson Harbor (1981)", ...; `accented` titles get a French one first. */
export function releaseTitles(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}`;
    return `${name} (${1980 + (i % 40)})`;
  });
}

/** Seeded (user, movie, rating) triples over `movies` movies, one per pair. */
export function tasteRatings(users: number, movies: number, seed = 11): [number, number, number][] {
  const random = mulberry32(seed);
  const rows: [number, number, number][] = [];
  for (let user = 1; user <= users; user++) {
    const picked = new Set<number>();
    for (let k = 0; k < 14; k++) {
      // Mostly the user's own parity, sometimes the other: two clear groups.
      const parity = random() < 0.85 ? user % 2 : 1 - (user % 2);
      const movie = 1 + 2 * Math.floor(random() * (movies / 2)) + parity;
      if (movie <= movies) picked.add(movie);
    }
    for (const movie of picked) rows.push([user, movie, 1 + Math.floor(random() * 9) / 2]);
  }
  return rows;
}

/** A "latest"-style release: ratings.csv, movies.csv (a comma-titled film quoted) and the counts to expect. */
export function latestRelease(users = 70, movies = 60) {
  const titles = releaseTitles(movies);
  const rows = tasteRatings(users, movies);
  const ratingsCsv =
    'userId,movieId,rating,timestamp\r\n' + rows.map(([u, m, r]) => `${u},${m},${r.toFixed(1)},964982703\r\n`).join('');
  const moviesCsv =
    'movieId,title,genres\r\n' +
    titles.map((title, i) => `${i + 1},"${title}",${i % 2 ? 'Drama' : 'Comedy|Romance'}\r\n`).join('');
  const rated = new Set(rows.map((row) => row[1])).size;
  return { ratingsCsv, moviesCsv, titles, users, rated, ratings: rows.length };
}

/** Latin-1 bytes of `text` (every character must be U+00FF or below). */
export function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** An ml-1m-like release: movies.dat (Latin-1, with "Misérables, Les (1995)" as movie 2), ratings.dat, users.dat. */
export function ml1mRelease(users = 60, movies = 40) {
  const titles = releaseTitles(movies);
  titles[1] = 'Misérables, Les (1995)';
  titles[2] = "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)";
  const rows = tasteRatings(users, movies, 21);
  const moviesDat = titles.map((title, i) => `${i + 1}::${title}::${i % 2 ? 'Drama' : "Children's|Comedy"}\n`).join('');
  const ratingsDat = rows.map(([u, m, r]) => `${u}::${m}::${Math.ceil(r)}::978300760\n`).join('');
  const usersDat = Array.from({ length: users }, (_, u) => `${u + 1}::F::25::10::48067\n`).join('');
  const rated = new Set(rows.map((row) => row[1])).size;
  return { moviesDat, ratingsDat, usersDat, titles, users, rated, ratings: rows.length };
}

/** A zip (deflated) of `entries`, built here in Node as GroupLens builds theirs. */
export function zipOf(entries: Record<string, string | Uint8Array>): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(entries)) {
    files[name] = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}

/**
 * A zip of 100 MB of zeros (about 100 KB) whose table of contents claims 10 bytes, so only counting the bytes
 * actually inflated can stop it.
 */
export function lyingZipBomb(): Buffer {
  const zip = zipSync({ 'ratings.csv': new Uint8Array(100 * 1024 * 1024) }, { level: 1 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 10, true);
  }
  return Buffer.from(zip);
}

/** Kaggle's movies_metadata.csv header ("The Movies Dataset"): TMDB id in `id`, IMDb id in `imdb_id`. */
const KAGGLE_HEADER =
  'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,' +
  'popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,' +
  'spoken_languages,status,tagline,title,video,vote_average,vote_count';

/**
 * links.csv for `latestRelease` (movie i -> IMDb 1000000 + i, TMDB 5000 + i) and a Kaggle-shaped movies_metadata.csv
 * as messy as the real one: JSON-ish cells in quotes, an overview spanning lines, and a broken, shifted row.
 * Returns the poster path it gives movie 1.
 */
export function kaggleMetadata(movies: number) {
  const links =
    'movieId,imdbId,tmdbId\r\n' +
    Array.from({ length: movies }, (_, i) => `${i + 1},${1000000 + i + 1},${5000 + i + 1}\r\n`).join('');
  const row = (movie: number, poster: string) =>
    [
      'False',
      `"{'id': 10194, 'name': 'Collection ${movie}'}"`,
      '30000000',
      `"[{'id': 16, 'name': 'Animation'}]"`,
      'http://example.org/',
      // The TMDB id is left empty for odd movies: the IMDb id must carry the join.
      movie % 2 ? '' : String(5000 + movie),
      `tt${1000000 + movie}`,
      'en',
      `Title ${movie}`,
      `"Led by Woody, ""the"" toys\nlive happily."`,
      '21.9',
      poster,
      `"[{'name': 'Pixar', 'id': 3}]"`,
      `"[{'iso_3166_1': 'US'}]"`,
      '1995-10-30',
      '373554033',
      '81.0',
      `"[{'iso_639_1': 'en'}]"`,
      'Released',
      '',
      `Title ${movie}`,
      'False',
      '7.7',
      '5415',
    ].join(',');
  const metadata = [
    KAGGLE_HEADER,
    row(1, '/rhIRbceoE9lR4veEXuwCC2wARtG.jpg'),
    row(2, '/vzmL6fP7aPKNKPRTFnZmiUfciyV.jpg'),
    ' - Written by Ørnås,1997-08-20,/ff9qCepilowshEtG2GYWwzt2bs4.jpg,0.0',
    row(3, ''),
  ].join('\n');
  return { links, metadata, posterOfMovie1: '/rhIRbceoE9lR4veEXuwCC2wARtG.jpg' };
}
