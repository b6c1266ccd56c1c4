/** Titles, genre lists and tags of any length are cut when read, with a note naming the file and lines. */
import { describe, expect, it } from 'vitest';
import type { MoviesPart, TagsPart } from '../../src/data/formats/format.ts';
import { MAX_FIELD_CHARS } from '../../src/data/formats/skips.ts';
import { FileIngest, type IngestOutcome } from '../../src/data/ingest.ts';

const encoder = new TextEncoder();

function ingest(name: string, text: string): IngestOutcome {
  const bytes = encoder.encode(text);
  const file = new FileIngest(name, { bytesTotal: bytes.length, fromZip: null });
  file.write(bytes);
  return file.end();
}

function accepted<T>(outcome: IngestOutcome): { part: T; notes: string[] } {
  if (outcome.status !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(outcome)}`);
  return { part: outcome.part as T, notes: outcome.notes };
}

const longTitle = `Long ${'Titlé-'.repeat(3400)} (2000)`; // 20,412 characters, no spaces
const longGenres = Array.from({ length: 2000 }, (_, i) => `Genre${i}`).join('|');

describe('over-long fields', () => {
  it('cuts a movies.csv title and genre list to the limit with "…" and notes the file and lines', () => {
    const csv = `movieId,title,genres\n1,Heat (1995),Action|Crime\n2,${longTitle},Drama\n3,Short (2001),${longGenres}\n`;
    const { part, notes } = accepted<MoviesPart>(ingest('movies.csv', csv));
    expect(part.titles[0]).toBe('Heat (1995)');
    expect(part.titles[1].length).toBe(MAX_FIELD_CHARS);
    expect(part.titles[1].endsWith('…')).toBe(true);
    expect(longTitle.startsWith(part.titles[1].slice(0, -1))).toBe(true);
    expect(part.genres[0]).toEqual(['Action', 'Crime']);
    expect(part.genres[2].join('|').length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
    expect(part.genres[2][0]).toBe('Genre0');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^movies\.csv: 2 fields longer than 2,000 characters cut to 2,000 \(lines 3, 4; /);
    expect(notes[0]).toContain('the title on line 3 has 20,412');
  });

  it('cuts one endless genre name, and keeps normal files free of notes', () => {
    const csv = `movieId,title,genres\n1,Heat (1995),${'G'.repeat(500)}|Crime\n`;
    const { part, notes } = accepted<MoviesPart>(ingest('movies.csv', csv));
    expect(part.genres[0][0].length).toBeLessThanOrEqual(60);
    expect(part.genres[0][1]).toBe('Crime');
    expect(notes).toEqual([]);
  });

  it('cuts a u.item title', () => {
    const flags = Array(19).fill('0').join('|');
    const row = (id: number, title: string) => `${id}|${title}|01-Jan-1995||http://example.com|${flags}`;
    const { part, notes } = accepted<MoviesPart>(
      ingest('u.item', `${row(1, 'Toy Story (1995)')}\n${row(2, longTitle)}\n`),
    );
    expect(part.titles[1].length).toBe(MAX_FIELD_CHARS);
    expect(notes[0]).toMatch(/^u\.item: 1 field longer than 2,000 characters cut to 2,000 \(line 2; /);
  });

  it('keeps a 20,000-character tag as its first characters, not the whole', () => {
    const tag = 'Ω'.repeat(19_999) + '😀';
    const { part } = accepted<TagsPart>(ingest('tags.csv', `userId,movieId,tag,timestamp\n1,1,${tag},1\n`));
    expect(part.tags[0][0].length).toBeLessThanOrEqual(60);
    expect(part.tags[0][0].endsWith('…')).toBe(true);
  });
});
