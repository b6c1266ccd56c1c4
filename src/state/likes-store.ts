/**
 * A person's likes in localStorage, one entry per dataset name ("marquee:likes:ml-latest-small"), with a version
 * field so a later format can read or drop older entries. Anything unreadable is ignored, never thrown.
 */

/** One marked film: its MovieLens movieId and the stars given (0.5..5), or null for a plain like. */
export interface Like {
  movieId: number;
  stars: number | null;
}

/** The stored format's version. */
export const LIKES_VERSION = 1;

/** The localStorage key of a dataset's likes. */
export function likesKey(datasetName: string): string {
  return `marquee:likes:${datasetName}`;
}

/** True for MovieLens star values: 0.5 to 5 in half steps. */
export function validStars(stars: number): boolean {
  return stars >= 0.5 && stars <= 5 && Number.isInteger(stars * 2);
}

/** Reads a dataset's likes; [] when there are none or the entry is unreadable or of another version. */
export function readLikes(storage: Pick<Storage, 'getItem'> | null, datasetName: string): Like[] {
  let text: string | null;
  try {
    text = storage?.getItem(likesKey(datasetName)) ?? null;
  } catch {
    return [];
  }
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as { version?: unknown; likes?: unknown };
    if (parsed.version !== LIKES_VERSION || !Array.isArray(parsed.likes)) return [];
    const seen = new Set<number>();
    const likes: Like[] = [];
    for (const entry of parsed.likes as { movieId?: unknown; stars?: unknown }[]) {
      const movieId = entry?.movieId;
      if (typeof movieId !== 'number' || !Number.isInteger(movieId) || seen.has(movieId)) continue;
      const stars = typeof entry.stars === 'number' && validStars(entry.stars) ? entry.stars : null;
      seen.add(movieId);
      likes.push({ movieId, stars });
    }
    return likes;
  } catch {
    return [];
  }
}

/** Saves a dataset's likes (removes the entry when there are none); returns a message for people when it cannot. */
export function writeLikes(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null,
  datasetName: string,
  likes: Like[],
): string | null {
  if (!storage) return null;
  try {
    if (likes.length === 0) storage.removeItem(likesKey(datasetName));
    else storage.setItem(likesKey(datasetName), JSON.stringify({ version: LIKES_VERSION, likes }));
    return null;
  } catch {
    return 'Your likes could not be saved in this browser (storage is full or blocked); they last until you reload.';
  }
}
