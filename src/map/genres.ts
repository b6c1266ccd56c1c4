/**
 * Each film's main genre for the map's colours. MovieLens lists genres alphabetically, so "the first" would paint
 * most of the catalogue Action or Adventure; we take the film's rarest listed genre instead (the most telling one:
 * Toy Story's "Adventure|Animation|Children|Comedy|Fantasy" counts as Animation, "Comedy|Drama|Romance" as Romance).
 * IMAX is a screen format, not a genre, and is used only when nothing else is listed.
 */
import { genreColor, luminance, shade } from '../posters/palette.ts';

/** Label for films without a genre. */
export const NO_GENRE = '(no genres listed)';

/** Main genre index per film, and the genres with their film counts (most films first). */
export interface MainGenres {
  /** Index into `genres` for each film. */
  genreOf: Uint8Array | Uint16Array;
  genres: { name: string; color: string; films: number }[];
}

/** Picks each film's main genre from its list of genres. */
export function mainGenres(genreLists: readonly (readonly string[])[]): MainGenres {
  const frequency = new Map<string, number>();
  for (const list of genreLists) for (const genre of list) frequency.set(genre, (frequency.get(genre) ?? 0) + 1);
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const films: number[] = [];
  const genreOf =
    genreLists.length > 0 && frequency.size < 255
      ? new Uint8Array(genreLists.length)
      : new Uint16Array(genreLists.length);
  genreLists.forEach((list, item) => {
    let main = NO_GENRE;
    let best = Infinity;
    for (const genre of list) {
      const count = genre === 'IMAX' ? Number.MAX_SAFE_INTEGER : (frequency.get(genre) ?? 0);
      if (count < best || (count === best && genre < main)) {
        best = count;
        main = genre;
      }
    }
    let index = indexOf.get(main);
    if (index === undefined) {
      index = names.length;
      indexOf.set(main, index);
      names.push(main);
      films.push(0);
    }
    films[index]++;
    genreOf[item] = index;
  });
  // Most films first, so the legend reads from the big groups down.
  const byFilms = names.map((_, i) => i).sort((a, b) => films[b] - films[a] || names[a].localeCompare(names[b]));
  const rank = new Int32Array(names.length);
  byFilms.forEach((index, position) => (rank[index] = position));
  for (let item = 0; item < genreOf.length; item++) genreOf[item] = rank[genreOf[item]];
  return {
    genreOf,
    genres: byFilms.map((index) => ({ name: names[index], color: mapColor(names[index]), films: films[index] })),
  };
}

/**
 * The genre's palette colour, lightened until it stands out on the map's near-black background
 * (Film-Noir's #2b2d31 and Horror's #7a1024 would vanish otherwise).
 */
export function mapColor(genre: string): string {
  let color = genreColor(genre);
  for (let step = 0; step < 6 && luminance(color) < 0.09; step++) color = shade(color, 0.25);
  return color;
}
