/**
 * The MovieLens "latest" family (ml-latest-small, ml-20m, ml-25m, ml-32m): ratings.csv, movies.csv, links.csv,
 * tags.csv (genome files are listed as ignored).
 * Recognised by header, not by file name; columns are looked up by name, so column order does not matter.
 * Formats as described in GroupLens's ml-latest-small README.txt ("Ratings Data File Structure" and following).
 */
import { cutText } from '../cut-text.ts';
import { growableInt32 } from '../growable.ts';
import { HEADED_CSV, type FileFormat, type Recogniser, type RowConsumer } from './format.ts';
import { createRatingsByteScanner } from './ratings-bytes.ts';
import { RatingsCollector, createRatingsConsumer, type RatingsColumns } from './ratings-consumer.ts';
import { FieldCuts, SkipTally, isBlankRow, normaliseHeader, parseId, quoteField } from './skips.ts';
import { createTagsConsumer } from './tags.ts';

/** movies.csv's marker for a movie without genres (MovieLens README: "(no genres listed)"). */
export const NO_GENRES = '(no genres listed)';

/** Longest genre name kept (MovieLens's longest is "(no genres listed)"); longer names are cut with "…". */
const MAX_GENRE_CHARS = 60;

/** Splits a genres field ("Adventure|Animation") into distinct names, sharing arrays between identical fields. */
export function genreSplitter(): (field: string) => string[] {
  const cache = new Map<string, string[]>();
  return (field) => {
    const clean = field.trim();
    let genres = cache.get(clean);
    if (!genres) {
      genres =
        clean === '' || clean === NO_GENRES
          ? []
          : // Each genre once: "Drama|Drama" is one genre (a list shown keyed by name must not repeat one).
            [
              ...new Set(
                clean
                  .split('|')
                  .map((g) => cutText(g.trim(), MAX_GENRE_CHARS))
                  .filter(Boolean),
              ),
            ];
      cache.set(clean, genres);
    }
    return genres;
  };
}

/** Column positions from a ratings.csv header, found by name. */
function ratingsColumns(header: string[]): RatingsColumns {
  const names = normaliseHeader(header);
  return {
    user: names.indexOf('userid'),
    movie: names.indexOf('movieid'),
    rating: names.indexOf('rating'),
    fieldCount: names.length,
  };
}

const ratingsFormat: FileFormat = {
  kind: 'ratings',
  description: 'MovieLens ratings.csv',
  ...HEADED_CSV,
  createConsumer(file, header, context) {
    return createRatingsConsumer(file, ratingsColumns(header), context);
  },
  createByteScanner(file, header, context, lineBreak) {
    const collector = new RatingsCollector(file, context);
    return createRatingsByteScanner(collector, ratingsColumns(header), ',', 1, lineBreak);
  },
};

/** Where a movies file keeps its fields, and how its rows are worded in messages. */
export interface MoviesColumns {
  movie: number;
  title: number;
  /** -1 when the file has no genres column. */
  genres: number;
  fieldCount: number;
  /** The id column's name as the file's documentation spells it ("movieId", "MovieID"). */
  idName: string;
  /** Added to "expected N fields, found M" when a row has too many (a CSV title whose comma lost its quotes). */
  extraFieldsHint: string;
}

/** Movie rows (id, title, genres) of movies.csv or movies.dat. */
export function createMoviesConsumer(file: string, columns: MoviesColumns): RowConsumer {
  const movieIds = growableInt32();
  const titles: string[] = [];
  const genres: string[][] = [];
  const splitGenres = genreSplitter();
  const tally = new SkipTally(file);
  const cuts = new FieldCuts(file);
  return {
    rows(rows, firstLine) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (row.length !== columns.fieldCount) {
          if (isBlankRow(row)) continue;
          const hint = row.length > columns.fieldCount ? columns.extraFieldsHint : '';
          tally.skip(firstLine + i, `expected ${columns.fieldCount} fields, found ${row.length}${hint}`);
          continue;
        }
        const id = parseId(row[columns.movie]);
        if (id < 0) {
          tally.skip(firstLine + i, `${columns.idName} ${quoteField(row[columns.movie])} is not a whole number`);
          continue;
        }
        movieIds.push(id);
        titles.push(cuts.cut(row[columns.title].trim(), firstLine + i, 'title'));
        genres.push(columns.genres < 0 ? [] : splitGenres(cuts.cut(row[columns.genres], firstLine + i, 'genre list')));
      }
    },
    finish() {
      if (titles.length === 0) {
        return { problem: { file, message: `${file} lists no movies. ${tally.describeFirst()}`.trim() } };
      }
      const part = { kind: 'movies' as const, file, movieIds: movieIds.toArray(), titles, genres, years: null };
      return { part, rows: titles.length, notes: cuts.notes() };
    },
    skipped: () => tally.result(),
  };
}

const moviesFormat: FileFormat = {
  kind: 'movies',
  description: 'MovieLens movies.csv',
  ...HEADED_CSV,
  createConsumer(file, header): RowConsumer {
    const names = normaliseHeader(header);
    return createMoviesConsumer(file, {
      movie: names.indexOf('movieid'),
      title: names.indexOf('title'),
      genres: names.indexOf('genres'),
      fieldCount: names.length,
      idName: 'movieId',
      extraFieldsHint: ' (is a title with a comma missing its quotes?)',
    });
  },
};

const linksFormat: FileFormat = {
  kind: 'links',
  description: 'MovieLens links.csv',
  ...HEADED_CSV,
  createConsumer(file, header): RowConsumer {
    const names = normaliseHeader(header);
    const columns = [names.indexOf('movieid'), names.indexOf('imdbid'), names.indexOf('tmdbid')];
    const ids = [growableInt32(), growableInt32(), growableInt32()];
    const labels = ['movieId', 'imdbId', 'tmdbId'];
    const tally = new SkipTally(file);
    return {
      rows(rows, firstLine) {
        rowLoop: for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          if (row.length !== names.length) {
            if (!isBlankRow(row)) tally.skip(firstLine + i, `expected ${names.length} fields, found ${row.length}`);
            continue;
          }
          const values = [0, 0, 0];
          for (let c = 0; c < 3; c++) {
            if (columns[c] < 0) continue;
            const text = row[columns[c]].trim();
            // An empty imdbId/tmdbId is normal (8 rows of ml-latest-small have no tmdbId); it means "unknown".
            if (text === '' && c > 0) continue;
            const value = parseId(text);
            if (value < 0) {
              tally.skip(firstLine + i, `${labels[c]} ${quoteField(text)} is not a whole number`);
              continue rowLoop;
            }
            values[c] = value;
          }
          for (let c = 0; c < 3; c++) ids[c].push(values[c]);
        }
      },
      finish() {
        const [movieIds, imdbIds, tmdbIds] = ids.map((g) => g.toArray());
        if (movieIds.length === 0) {
          return { problem: { file, message: `${file} lists no links. ${tally.describeFirst()}`.trim() } };
        }
        return { part: { kind: 'links', file, movieIds, imdbIds, tmdbIds }, rows: movieIds.length, notes: [] };
      },
      skipped: () => tally.result(),
    };
  },
};

const tagsFormat: FileFormat = {
  kind: 'tags',
  description: 'MovieLens tags.csv',
  ...HEADED_CSV,
  createConsumer(file, header) {
    const names = normaliseHeader(header);
    return createTagsConsumer(file, {
      movie: names.indexOf('movieid'),
      tag: names.indexOf('tag'),
      fieldCount: names.length,
    });
  },
};

/** Recognises ratings.csv, movies.csv, links.csv and tags.csv by their header; lists genome files as ignored. */
export const recogniseLatest: Recogniser = (firstLine) => {
  const names = new Set(normaliseHeader(firstLine.split(',')));
  const has = (name: string) => names.has(name);
  if (has('poster_path') || has('poster_url')) return null; // a poster table (posters.ts) even if it has titles
  if (has('userid') && has('movieid') && has('rating')) return { format: ratingsFormat };
  if (has('userid') && has('movieid') && has('tag')) return { format: tagsFormat };
  if (has('tagid') && (has('relevance') || has('tag'))) {
    return { ignore: 'part of the MovieLens tag genome, which Marquee does not use' };
  }
  if (has('movieid') && has('title')) return { format: moviesFormat };
  if (has('movieid') && (has('imdbid') || has('tmdbid'))) return { format: linksFormat };
  return null;
};
