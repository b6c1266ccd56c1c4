/**
 * MovieLens 1M and 10M (`.dat` files, fields separated by "::", no header, no quoting), as their READMEs describe:
 * ratings.dat "UserID::MovieID::Rating::Timestamp", movies.dat "MovieID::Title::Genres" (genres "|"-separated),
 * ml-10m's tags.dat "UserID::MovieID::Tag::Timestamp", ml-1m's users.dat (ignored). ml-1m is Latin-1 and ml-10m
 * UTF-8; ../text-decode.ts tells them apart. Recognised by the shape of the first line, whatever the file's name.
 */
import { NO_QUOTE, type FileFormat, type Recogniser, type RowConsumer } from './format.ts';
import { createMoviesConsumer } from './latest.ts';
import { createRatingsByteScanner } from './ratings-bytes.ts';
import { RatingsCollector, createRatingsConsumer } from './ratings-consumer.ts';
import { createTagsConsumer } from './tags.ts';

/** The .dat field separator. */
export const DAT_DELIMITER = '::';

const RATINGS_COLUMNS = { user: 0, movie: 1, rating: 2, fieldCount: 4 };

const DAT = { delimiter: DAT_DELIMITER, quoteChar: NO_QUOTE, hasHeader: false } as const;

const ratingsDatFormat: FileFormat = {
  kind: 'ratings',
  description: 'MovieLens ratings.dat',
  ...DAT,
  createConsumer(file, _header, context) {
    return createRatingsConsumer(file, RATINGS_COLUMNS, context);
  },
  createByteScanner(file, _header, context, lineBreak) {
    // The numeric fast path; its "::" support comes with the ingest work (rows it cannot take go the string way).
    return createRatingsByteScanner(new RatingsCollector(file, context), RATINGS_COLUMNS, DAT_DELIMITER, 0, lineBreak);
  },
};

const moviesDatFormat: FileFormat = {
  kind: 'movies',
  description: 'MovieLens movies.dat',
  ...DAT,
  createConsumer(file): RowConsumer {
    return createMoviesConsumer(file, {
      movie: 0,
      title: 1,
      genres: 2,
      fieldCount: 3,
      idName: 'MovieID',
      extraFieldsHint: '',
    });
  },
};

const tagsDatFormat: FileFormat = {
  kind: 'tags',
  description: 'MovieLens tags.dat',
  ...DAT,
  createConsumer(file) {
    return createTagsConsumer(file, { movie: 1, tag: 2, fieldCount: 4 });
  },
};

const WHOLE = /^\d+$/;

/** Recognises ratings.dat, movies.dat and tags.dat by the shape of their first line; users.dat is ignored. */
export const recogniseDat: Recogniser = (firstLine) => {
  if (!firstLine.includes(DAT_DELIMITER)) return null;
  const fields = firstLine.trimEnd().split(DAT_DELIMITER);
  if (fields.length === 4 && WHOLE.test(fields[0]) && WHOLE.test(fields[1]) && WHOLE.test(fields[3])) {
    return /^\d+(\.\d+)?$/.test(fields[2]) ? { format: ratingsDatFormat } : { format: tagsDatFormat };
  }
  if (fields.length === 3 && WHOLE.test(fields[0])) return { format: moviesDatFormat };
  // users.dat: UserID::Gender::Age::Occupation::Zip-code (ml-1m README).
  if (fields.length === 5 && WHOLE.test(fields[0]) && /^[MF]$/.test(fields[1])) {
    return { ignore: "ml-1m's user demographics, not used" };
  }
  return null;
};
