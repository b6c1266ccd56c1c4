/**
 * The name people know a MovieLens dataset by ("ml-latest-small", "ml-32m"), not the file it came in
 * ("ratings.csv"). A zip's name comes first ("ml-latest-small.zip" -> "ml-latest-small"; a dataset read back or
 * renamed keeps its name the same way); loose files of a GroupLens release are recognised by their counts of
 * ratings and users, which each README states (e.g. ml-32m's: "32000204 ratings ... 200948 users"); last comes the
 * file with its number of users.
 */

/** A GroupLens release and the counts its README gives. */
interface Release {
  name: string;
  ratings: number;
  /** Users with ratings; ml-10m's README counts 71,567 users of ratings and tags, 69,878 of them rated. */
  users: readonly number[];
}

/** Releases by their published counts (GroupLens READMEs; ml-latest-small's from both of its 2016 and 2018 editions). */
const RELEASES: readonly Release[] = [
  { name: 'ml-100k', ratings: 100_000, users: [943] },
  { name: 'ml-latest-small', ratings: 100_836, users: [610] },
  { name: 'ml-latest-small (2016)', ratings: 100_004, users: [671] },
  { name: 'ml-1m', ratings: 1_000_209, users: [6_040] },
  { name: 'ml-10m', ratings: 10_000_054, users: [69_878, 71_567] },
  { name: 'ml-20m', ratings: 20_000_263, users: [138_493] },
  { name: 'ml-25m', ratings: 25_000_095, users: [162_541] },
  { name: 'ml-32m', ratings: 32_000_204, users: [200_948] },
];

/** What is known about loaded ratings when they are named. */
export interface LoadedRatings {
  /** The ratings file's name ("ratings.csv", "u.data"). */
  file: string;
  /** The zip they came from, without ".zip", or null. */
  fromZip: string | null;
  /** Ratings kept (one per user and movie). */
  ratings: number;
  users: number;
}

/** The GroupLens release with exactly these counts, or null. */
export function recogniseRelease(ratings: number, users: number): string | null {
  return RELEASES.find((release) => release.ratings === ratings && release.users.includes(users))?.name ?? null;
}

/** The dataset's name: its zip's name, else the release it is, else "ratings.csv (610 users)". */
export function releaseName(loaded: LoadedRatings): string {
  return (
    loaded.fromZip ??
    recogniseRelease(loaded.ratings, loaded.users) ??
    `${loaded.file} (${loaded.users.toLocaleString('en-US')} users)`
  );
}
