/**
 * MovieLens 100K (1998): u.data (tab-separated "user item rating timestamp", no header) and u.item
 * (pipe-separated, latin-1: id|title|release date|video release date|IMDb URL|19 genre flags).
 * Layout from the ml-100k README; genre order from its u.genre. Recognised by content shape; the name is a hint.
 */
import { growableInt32 } from '../growable.ts';
import { NO_QUOTE, type FileFormat, type Recogniser, type RowConsumer } from './format.ts';
import { genreSplitter } from './latest.ts';
import { createRatingsByteScanner } from './ratings-bytes.ts';
import { RatingsCollector, createRatingsConsumer } from './ratings-consumer.ts';
import { FieldCuts, SkipTally, isBlankRow, parseId, quoteField } from './skips.ts';

/** ml-100k's genres in u.genre order (index = flag position after the URL field). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** u.item fields: id, title, release date, video release date, URL, then one flag per genre. */
const ITEM_FIELDS = 5 + ML100K_GENRES.length;

/** u.data: user id | item id | rating | timestamp (ml-100k README). */
const U_DATA_COLUMNS = { user: 0, movie: 1, rating: 2, fieldCount: 4 };

const uDataFormat: FileFormat = {
  kind: 'ratings',
  description: 'ml-100k u.data',
  delimiter: '\t',
  quoteChar: NO_QUOTE,
  hasHeader: false,
  createConsumer(file, _header, context) {
    return createRatingsConsumer(file, U_DATA_COLUMNS, context);
  },
  createByteScanner(file, _header, context, lineBreak) {
    return createRatingsByteScanner(new RatingsCollector(file, context), U_DATA_COLUMNS, '\t', 0, lineBreak);
  },
};

/** Year of a u.item release date such as "01-Jan-1995"; 0 when absent. */
function yearOfReleaseDate(text: string): number {
  const match = /(\d{4})\s*$/.exec(text);
  return match ? Number(match[1]) : 0;
}

const uItemFormat: FileFormat = {
  kind: 'movies',
  description: 'ml-100k u.item',
  delimiter: '|',
  quoteChar: NO_QUOTE,
  hasHeader: false,
  createConsumer(file): RowConsumer {
    const movieIds = growableInt32();
    const titles: string[] = [];
    const genres: string[][] = [];
    const years: number[] = [];
    const shareGenres = genreSplitter();
    const tally = new SkipTally(file);
    const cuts = new FieldCuts(file);
    return {
      rows(rows, firstLine) {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          if (row.length !== ITEM_FIELDS) {
            if (!isBlankRow(row)) tally.skip(firstLine + i, `expected ${ITEM_FIELDS} fields, found ${row.length}`);
            continue;
          }
          const id = parseId(row[0]);
          if (id < 0) {
            tally.skip(firstLine + i, `movie id ${quoteField(row[0])} is not a whole number`);
            continue;
          }
          const names = ML100K_GENRES.filter((_, g) => row[5 + g].trim() === '1' && g > 0);
          movieIds.push(id);
          titles.push(cuts.cut(row[1].trim(), firstLine + i, 'title'));
          genres.push(shareGenres(names.join('|')));
          years.push(yearOfReleaseDate(row[2]));
        }
      },
      finish() {
        if (titles.length === 0) return { problem: { file, message: `${file} lists no movies.` } };
        const part = {
          kind: 'movies' as const,
          file,
          movieIds: movieIds.toArray(),
          titles,
          genres,
          years: Int16Array.from(years),
        };
        return { part, rows: titles.length, notes: cuts.notes() };
      },
      skipped: () => tally.result(),
    };
  },
};

/** ml-100k's other files, which hold nothing Marquee uses (u.genre's names are ML100K_GENRES above). */
const UNUSED_100K_FILES: Record<string, string> = {
  'u.user': "ml-100k's user demographics, not used",
  'u.genre': "ml-100k's genre names, which Marquee already knows",
  'u.info': "ml-100k's counts, not used",
  'u.occupation': "ml-100k's occupation names, not used",
};

/** Recognises u.data and u.item by shape; lists ml-100k's train/test splits and side files as ignored. */
export const recogniseMl100k: Recogniser = (firstLine, fileName) => {
  const base = fileName.split('/').pop() ?? fileName;
  if (/^u[1-5ab]\.(base|test)$/.test(base) && /^\d+\t\d+\t/.test(firstLine)) {
    return { ignore: "one of ml-100k's train/test splits; the ratings are read from u.data" };
  }
  if (base in UNUSED_100K_FILES) return { ignore: UNUSED_100K_FILES[base] };
  // u.genre by shape, whatever its name: "unknown|0".
  if (firstLine === 'unknown|0') return { ignore: UNUSED_100K_FILES['u.genre'] };
  if (/^\d+\t\d+\t\d+(\.\d+)?\t\d+\s*$/.test(firstLine)) return { format: uDataFormat };
  const fields = firstLine.split('|');
  if (fields.length === ITEM_FIELDS && /^\d+$/.test(fields[0]) && fields.slice(5).every((f) => /^[01]\s*$/.test(f))) {
    return { format: uItemFormat };
  }
  return null;
};
