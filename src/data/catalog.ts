/**
 * The catalogue of the rated movies (titles, years, genres, posters, external ids), joined from whatever
 * movies, links and poster files the reader holds. Poster tables keyed by TMDB or IMDb id are joined through
 * links.csv, as the MovieLens poster tutorials do (movieId -> links.tmdbId -> poster_path).
 */
import type { Catalog } from './types.ts';
import type { LinksPart, MoviesPart, PostersPart, TagsPart } from './formats/format.ts';

/** Earliest and latest plausible release years; anything else in parentheses is not a year. */
const FIRST_FILM_YEAR = 1870;
const LAST_FILM_YEAR = 2100;

/**
 * The release year at the end of a MovieLens title: "Toy Story (1995)" -> 1995, "Death Note (2006–2007)" -> 2006,
 * "Babel (2006) " -> 2006; 0 when there is none ("Babylon 5").
 */
export function yearFromTitle(title: string): number {
  const match = /\((\d{4})(?:\s*[-–]\s*(?:\d{4})?\s*)?\)\s*$/.exec(title);
  if (!match) return 0;
  const year = Number(match[1]);
  return year >= FIRST_FILM_YEAR && year <= LAST_FILM_YEAR ? year : 0;
}

/** The title shown for a rated movie while no movies file is loaded. */
export function placeholderTitle(movieId: number): string {
  return `Movie ${movieId}`;
}

/** The title shown for a rated movie that the loaded movies file does not list (its ratings are kept). */
export function unknownTitle(movieId: number): string {
  return `unknown title #${movieId}`;
}

/** The catalogue files the reader may hold. */
export interface CatalogParts {
  movies: MoviesPart | null;
  links: LinksPart | null;
  posters: PostersPart | null;
  tags?: TagsPart | null;
}

/** Shared by every movie without tags. */
const NO_TAGS: string[] = [];

/** Index of each id's last occurrence (later rows win, as for ratings). */
function rowsById(ids: Int32Array): Map<number, number> {
  const rows = new Map<number, number>();
  for (let r = 0; r < ids.length; r++) rows.set(ids[r], r);
  return rows;
}

/** Poster paths by key, skipping zero (unknown) keys. */
function pathsByKey(keys: Int32Array | null, paths: string[]): Map<number, string> | null {
  if (!keys) return null;
  const byKey = new Map<number, string>();
  for (let r = 0; r < keys.length; r++) if (keys[r] !== 0) byKey.set(keys[r], paths[r]);
  return byKey;
}

/** Builds the catalogue for the rated movies `itemIds` (ascending movieIds), with notes for a person. */
export function buildCatalog(itemIds: Int32Array, parts: CatalogParts): { catalog: Catalog; notes: string[] } {
  const items = itemIds.length;
  const notes: string[] = [];
  const titles: string[] = new Array(items);
  const genres: string[][] = new Array(items);
  const years = new Int16Array(items);
  const imdbIds = new Int32Array(items);
  const tmdbIds = new Int32Array(items);
  const posterPaths: string[] = new Array(items).fill('');

  const movieRows = parts.movies ? rowsById(parts.movies.movieIds) : null;
  let missingTitles = 0;
  for (let i = 0; i < items; i++) {
    const row = movieRows?.get(itemIds[i]);
    if (row === undefined) {
      missingTitles++;
      titles[i] = parts.movies ? unknownTitle(itemIds[i]) : placeholderTitle(itemIds[i]);
      genres[i] = [];
      continue;
    }
    const movies = parts.movies!;
    titles[i] = movies.titles[row];
    genres[i] = movies.genres[row];
    years[i] = yearFromTitle(titles[i]) || (movies.years ? movies.years[row] : 0);
  }
  if (!parts.movies) {
    notes.push('No movies file yet: films are shown as "Movie <id>". Add movies.csv to see titles and genres.');
  } else {
    if (missingTitles > 0) {
      notes.push(
        `${missingTitles.toLocaleString('en-US')} rated movies are not in ${parts.movies.file}; ` +
          'their ratings are kept and they are shown as "unknown title #<id>". Is it from the same MovieLens ' +
          'release as the ratings?',
      );
    }
    const unrated = movieRows!.size - (items - missingTitles);
    if (unrated > 0) {
      notes.push(
        `${parts.movies.file} lists ${unrated.toLocaleString('en-US')} movies nobody rated; they are not searchable.`,
      );
    }
  }

  if (parts.links) {
    const linkRows = rowsById(parts.links.movieIds);
    for (let i = 0; i < items; i++) {
      const row = linkRows.get(itemIds[i]);
      if (row === undefined) continue;
      imdbIds[i] = parts.links.imdbIds[row];
      tmdbIds[i] = parts.links.tmdbIds[row];
    }
  }

  if (parts.posters)
    notes.push(...joinPosters(itemIds, imdbIds, tmdbIds, parts.posters, parts.links !== null, posterPaths));
  const tags: string[][] = new Array(items).fill(NO_TAGS);
  if (parts.tags) {
    const tagRows = rowsById(parts.tags.movieIds);
    for (let i = 0; i < items; i++) {
      const row = tagRows.get(itemIds[i]);
      if (row !== undefined) tags[i] = parts.tags.tags[row];
    }
  }
  return { catalog: { titles, years, genres, posterPaths, imdbIds, tmdbIds, tags }, notes };
}

/** Fills `posterPaths` from a poster table by movieId, else TMDB id, else IMDb id; returns notes. */
function joinPosters(
  itemIds: Int32Array,
  imdbIds: Int32Array,
  tmdbIds: Int32Array,
  posters: PostersPart,
  haveLinks: boolean,
  posterPaths: string[],
): string[] {
  const byMovie = pathsByKey(posters.movieIds, posters.paths);
  const byTmdb = pathsByKey(posters.tmdbIds, posters.paths);
  const byImdb = pathsByKey(posters.imdbIds, posters.paths);
  let matched = 0;
  for (let i = 0; i < itemIds.length; i++) {
    const path =
      byMovie?.get(itemIds[i]) ??
      (tmdbIds[i] ? byTmdb?.get(tmdbIds[i]) : undefined) ??
      (imdbIds[i] ? byImdb?.get(imdbIds[i]) : undefined);
    if (path) {
      posterPaths[i] = path;
      matched++;
    }
  }
  const notes = [];
  if (!byMovie && !haveLinks) {
    notes.push(`${posters.file} is keyed by TMDB or IMDb id; add links.csv so its posters can be matched to movies.`);
  } else {
    notes.push(
      `${posters.file}: posters found for ${matched.toLocaleString('en-US')} of ` +
        `${itemIds.length.toLocaleString('en-US')} rated movies.`,
    );
  }
  return notes;
}
