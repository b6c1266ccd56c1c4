/**
 * Genre coherence, the human-readable check of "For you": like three films that plainly share a theme and count how
 * many of the ten recommended carry the theme's genre. A person who likes Toy Story, Aladdin and The Lion King and
 * is shown Forrest Gump concludes the recommender does not listen. The triples are MovieLens movieIds present in
 * ml-latest-small (and the larger releases); a dataset that lacks one of a triple's films skips that triple.
 */

/** Three films with a clear common theme and the genres that mark it. */
export interface ThemedTriple {
  name: string;
  movieIds: [number, number, number];
  /** A recommended film counts as on theme when it has at least one of these MovieLens genres. */
  genres: string[];
}

/** The triples, by MovieLens movieId. */
export const THEMED_TRIPLES: ThemedTriple[] = [
  { name: 'Disney/Pixar animation', movieIds: [1, 588, 364], genres: ['Animation', 'Children'] },
  { name: 'Horror classics', movieIds: [1387, 2710, 1997], genres: ['Horror'] },
  { name: 'Slashers', movieIds: [1982, 1974, 1347], genres: ['Horror'] },
  { name: 'Leone westerns', movieIds: [1201, 2951, 3681], genres: ['Western'] },
  { name: 'Star Trek', movieIds: [1374, 1356, 1376], genres: ['Sci-Fi'] },
  { name: 'Jane Austen', movieIds: [17, 28, 7669], genres: ['Romance'] },
  { name: 'Miyazaki', movieIds: [5618, 3000, 5971], genres: ['Animation'] },
];

/** How many of the wall's films (item indices, -1 padding passed over) carry at least one of `themeGenres`. */
export function onThemeCount(wall: Int32Array, genres: string[][], themeGenres: string[]): number {
  let count = 0;
  for (const item of wall) {
    if (item >= 0 && (genres[item] ?? []).some((genre) => themeGenres.includes(genre))) count++;
  }
  return count;
}

/** The item indices of a triple in a catalogue (movieId -> index), or null when one of its films is missing. */
export function tripleItems(triple: ThemedTriple, itemIndex: Map<number, number>): Int32Array | null {
  const items = triple.movieIds.map((movieId) => itemIndex.get(movieId));
  return items.every((i) => i !== undefined) ? Int32Array.from(items as number[]) : null;
}
