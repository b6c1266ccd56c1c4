/**
 * The reader's parts rebuilt from a Dataset (one restored from storage), so files dropped after a reload merge
 * with it as with files read in this session: a poster table or links.csv dropped later joins the restored
 * ratings. Runs in the reader worker (it copies the matrix). Catalogue fields are seeded only when they hold
 * something (real titles, links, poster paths), so the notes about missing files stay true.
 */
import { inArena } from '../engine/arena.ts';
import { ratingArrays } from './build.ts';
import { placeholderTitle } from './catalog.ts';
import type { LinksPart, MoviesPart, ParsedPart, PostersPart, RatingsPart, TagsPart } from './formats/format.ts';
import type { Dataset } from './types.ts';

/** The parts a dataset was built from, as far as the dataset still holds them. */
export function partsFromDataset(dataset: Dataset): ParsedPart[] {
  const { userItems, itemIds, catalog, arena } = dataset;
  // The part as a first build leaves it (build.ts): empty columns and the built users x items matrix, copied
  // because the dataset itself is transferred to the page, or, in an arena, the pair itself (the same bytes the
  // page sees, nothing copied). fromZip names the rebuilt dataset: it keeps its name.
  const inOneArena = arena !== undefined && ratingArrays(dataset).every((array) => inArena(arena, array));
  const ratings: RatingsPart = {
    kind: 'ratings',
    file: dataset.name,
    fromZip: dataset.name,
    userIds: new Int32Array(0),
    movieIds: new Int32Array(0),
    ratings: new Float32Array(0),
    built: {
      userIds: dataset.userIds.slice(),
      itemIds: itemIds.slice(),
      duplicates: 0,
      ...(inOneArena
        ? { userItems, arena, itemUsers: dataset.itemUsers, itemCounts: dataset.itemCounts }
        : {
            userItems: {
              indptr: userItems.indptr.slice(),
              indices: userItems.indices.slice(),
              values: userItems.values.slice(),
            },
          }),
    },
  };
  const parts: ParsedPart[] = [ratings];
  if (catalog.titles.some((title, i) => title !== placeholderTitle(itemIds[i]))) {
    const movies: MoviesPart = {
      kind: 'movies',
      file: `${dataset.name} (saved titles)`,
      movieIds: itemIds.slice(),
      titles: catalog.titles.slice(),
      genres: catalog.genres.slice(),
      years: catalog.years.slice(),
    };
    parts.push(movies);
  }
  if (catalog.imdbIds.some((id) => id !== 0) || catalog.tmdbIds.some((id) => id !== 0)) {
    const links: LinksPart = {
      kind: 'links',
      file: `${dataset.name} (saved links)`,
      movieIds: itemIds.slice(),
      imdbIds: catalog.imdbIds.slice(),
      tmdbIds: catalog.tmdbIds.slice(),
    };
    parts.push(links);
  }
  const withPoster = catalog.posterPaths.flatMap((path, i) => (path ? [i] : []));
  if (withPoster.length > 0) {
    const posters: PostersPart = {
      kind: 'posters',
      file: `${dataset.name} (saved posters)`,
      movieIds: Int32Array.from(withPoster, (i) => itemIds[i]),
      tmdbIds: null,
      imdbIds: null,
      paths: withPoster.map((i) => catalog.posterPaths[i]),
    };
    parts.push(posters);
  }
  const withTags = catalog.tags.flatMap((tags, i) => (tags.length > 0 ? [i] : []));
  if (withTags.length > 0) {
    const tags: TagsPart = {
      kind: 'tags',
      file: `${dataset.name} (saved tags)`,
      movieIds: Int32Array.from(withTags, (i) => itemIds[i]),
      tags: withTags.map((i) => catalog.tags[i]),
    };
    parts.push(tags);
  }
  return parts;
}
