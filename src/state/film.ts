/**
 * One film as the UI shows it, gathered from the Dataset's parallel arrays by item index.
 */
import type { Dataset } from '../data/types.ts';
// One definition of a display title for search, posters and cards: articles moved to the front, year removed.
import { displayTitle } from '../search/normalize.ts';

/** What a poster card or the hero needs about one film. */
export interface Film {
  itemIndex: number;
  /** MovieLens movieId. */
  movieId: number;
  /** Title as in movies.csv, e.g. "American President, The (1995)". */
  catalogTitle: string;
  /** Title for display, e.g. "The American President". */
  title: string;
  /** Release year, 0 when unknown. */
  year: number;
  genres: string[];
  /** TMDB poster_path or "". */
  posterPath: string;
  /** Number of ratings in the dataset. */
  ratings: number;
  /** TMDB id from links.csv, 0 when unknown. */
  tmdbId: number;
  /** IMDb id (numeric part) from links.csv, 0 when unknown. */
  imdbId: number;
  /** The most used tags from tags.csv, [] when none. */
  tags: string[];
}

/** The film at an item index of the dataset. */
export function filmAt(dataset: Dataset, itemIndex: number): Film {
  const catalog = dataset.catalog;
  const catalogTitle = catalog.titles[itemIndex] ?? `Movie ${dataset.itemIds[itemIndex]}`;
  return {
    itemIndex,
    movieId: dataset.itemIds[itemIndex],
    catalogTitle,
    title: displayTitle(catalogTitle),
    year: catalog.years[itemIndex] ?? 0,
    genres: catalog.genres[itemIndex] ?? [],
    posterPath: catalog.posterPaths[itemIndex] ?? '',
    ratings: dataset.itemCounts[itemIndex] ?? 0,
    tmdbId: catalog.tmdbIds[itemIndex] ?? 0,
    imdbId: catalog.imdbIds[itemIndex] ?? 0,
    tags: catalog.tags?.[itemIndex] ?? [],
  };
}
