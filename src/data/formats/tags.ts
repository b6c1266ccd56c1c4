/**
 * Tags (ml-latest's tags.csv, ml-10m's tags.dat): one row per (user, movie, tag). We keep, per movie, the tags
 * used most often, lower-cased and with spacing collapsed so "Pixar", "pixar" and "pixar " count as one; ties keep
 * the tag seen first. Free text written by anyone, so it is only ever shown as text (Svelte escapes it).
 */
import { cutText } from '../cut-text.ts';
import { growableInt32 } from '../growable.ts';
import type { RowConsumer } from './format.ts';
import { SkipTally, isBlankRow, parseId, quoteField } from './skips.ts';

/** Tags kept per movie: enough to describe a film on its card, few enough to read at a glance. */
export const TAGS_KEPT = 8;

/** Longest tag kept, in characters (longer ones are cut with an ellipsis). */
const MAX_TAG_CHARS = 60;

/** Where the fields of a tags row are. */
export interface TagsColumns {
  movie: number;
  tag: number;
  fieldCount: number;
}

/** A tag as we show and count it: trimmed, single-spaced, lower-case, at most MAX_TAG_CHARS. */
export function normaliseTag(text: string): string {
  return cutText(text.trim().replace(/\s+/g, ' ').toLowerCase(), MAX_TAG_CHARS);
}

/** The most used tags of one movie from its tag counts (insertion order breaks ties). */
export function topTags(counts: Map<string, number>, kept = TAGS_KEPT): string[] {
  return [...counts.entries()]
    .map(([tag, count], order) => ({ tag, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, kept)
    .map((entry) => entry.tag);
}

/** A consumer of tag rows laid out as `columns`. */
export function createTagsConsumer(file: string, columns: TagsColumns): RowConsumer {
  const byMovie = new Map<number, Map<string, number>>();
  const tally = new SkipTally(file);
  let rows = 0;
  return {
    rows(batch, firstLine) {
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i];
        if (row.length !== columns.fieldCount) {
          if (!isBlankRow(row)) tally.skip(firstLine + i, `expected ${columns.fieldCount} fields, found ${row.length}`);
          continue;
        }
        const movie = parseId(row[columns.movie]);
        if (movie < 0) {
          tally.skip(firstLine + i, `movieId ${quoteField(row[columns.movie])} is not a whole number`);
          continue;
        }
        const tag = normaliseTag(row[columns.tag]);
        if (tag === '') {
          tally.skip(firstLine + i, 'the tag is empty');
          continue;
        }
        rows++;
        let counts = byMovie.get(movie);
        if (!counts) byMovie.set(movie, (counts = new Map()));
        counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
    },
    finish() {
      if (rows === 0) {
        return { problem: { file, message: `${file} lists no tags. ${tally.describeFirst()}`.trim() } };
      }
      const movieIds = growableInt32(byMovie.size);
      const tags: string[][] = [];
      for (const [movie, counts] of byMovie) {
        movieIds.push(movie);
        tags.push(topTags(counts));
      }
      return { part: { kind: 'tags', file, movieIds: movieIds.toArray(), tags }, rows, notes: [] };
    },
    skipped: () => tally.result(),
  };
}
