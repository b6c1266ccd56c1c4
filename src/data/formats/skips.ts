/** Counting of skipped rows: how many, the first few line numbers, grouped by reason (see SkippedRows). */
import { cutText } from '../cut-text.ts';
import type { SkipReason, SkippedRows } from '../types.ts';

/** How many line numbers of skipped rows we keep to show a person (per file and per reason). */
export const SKIPPED_LINES_KEPT = 5;

/** Distinct reasons kept per file; a file with more kinds of damage lumps the rest under "other problems". */
const REASONS_KEPT = 8;

/** A reason without the value it quotes: "rating 'abc' is not a number" -> "rating is not a number". */
export function reasonKind(reason: string): string {
  return reason.replace(/ '[^']*'/g, '').replace(/found \d+/, 'found another number');
}

/** Tallies skipped rows of one file. */
export class SkipTally {
  count = 0;
  readonly firstLines: number[] = [];
  firstReason = '';
  readonly #reasons = new Map<string, SkipReason>();

  constructor(readonly file: string) {}

  /** Records one skipped row at 1-based `line` for `reason`. */
  skip(line: number, reason: string): void {
    if (this.count === 0) this.firstReason = reason;
    if (this.firstLines.length < SKIPPED_LINES_KEPT) this.firstLines.push(line);
    this.count++;
    let kind = reasonKind(reason);
    if (!this.#reasons.has(kind) && this.#reasons.size >= REASONS_KEPT) kind = 'other problems';
    let group = this.#reasons.get(kind);
    if (!group) {
      group = { reason: kind, count: 0, firstLines: [], example: reason };
      this.#reasons.set(kind, group);
    }
    group.count++;
    if (group.firstLines.length < SKIPPED_LINES_KEPT) group.firstLines.push(line);
  }

  /** The tally as SkippedRows, or null when nothing was skipped. */
  result(): SkippedRows | null {
    if (this.count === 0) return null;
    const reasons = [...this.#reasons.values()].map((group) => ({ ...group, firstLines: [...group.firstLines] }));
    return {
      file: this.file,
      count: this.count,
      firstLines: [...this.firstLines],
      firstReason: this.firstReason,
      reasons,
    };
  }

  /** "line 2: rating 'abc' is not a number", for messages. */
  describeFirst(): string {
    return this.count === 0 ? '' : `line ${this.firstLines[0]}: ${this.firstReason}`;
  }
}

/** Parses a non-negative 32-bit integer id; returns -1 when `text` is not one. */
export function parseId(text: string): number {
  const value = +text;
  // `+''` and `+' '` are 0, so a zero needs a second look; anything else non-integer is rejected.
  if (!Number.isInteger(value) || value < 0 || value > 2147483647) return -1;
  if (value === 0 && text.trim() === '') return -1;
  return value;
}

/** True when a row is an empty line (blank trailing lines are not counted as bad rows). */
export function isBlankRow(row: string[]): boolean {
  return row.length === 1 && row[0].trim() === '';
}

/** Header names normalised for matching: trimmed, lower-case, quotes and BOM removed. */
export function normaliseHeader(header: string[]): string[] {
  return header.map((name) =>
    name
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/^"|"$/g, '')
      .toLowerCase(),
  );
}

/** Shortens a field for a message so one bad row cannot flood the screen. */
export function quoteField(text: string): string {
  const clean = text.replace(/\r$/, '');
  return `'${clean.length > 30 ? clean.slice(0, 30) + '…' : clean}'`;
}

/**
 * Longest title or genre list kept, in UTF-16 units. MovieLens titles are under 300; a file can carry anything,
 * and every later step (search index, title parsing, posters, the page) then works on at most this much text.
 */
export const MAX_FIELD_CHARS = 2000;

/** Cuts over-long fields of one file to MAX_FIELD_CHARS and says where, as a note for the load report. */
export class FieldCuts {
  count = 0;
  readonly #firstLines: number[] = [];
  #first = '';

  constructor(readonly file: string) {}

  /** `text`, cut with "…" when longer than MAX_FIELD_CHARS; `field` names it in the note ("title"). */
  cut(text: string, line: number, field: string): string {
    if (text.length <= MAX_FIELD_CHARS) return text;
    if (this.count === 0) this.#first = `the ${field} on line ${line} has ${text.length.toLocaleString('en-US')}`;
    if (this.#firstLines.length < SKIPPED_LINES_KEPT) this.#firstLines.push(line);
    this.count++;
    return cutText(text, MAX_FIELD_CHARS);
  }

  /** "movies.csv: 1 field longer than 2,000 characters was cut (line 4; the title on line 4 has 20,000)." */
  notes(): string[] {
    if (this.count === 0) return [];
    const lines = `line${this.#firstLines.length === 1 ? '' : 's'} ${this.#firstLines.join(', ')}${this.count > this.#firstLines.length ? ', …' : ''}`;
    const fields = this.count === 1 ? '1 field' : `${this.count.toLocaleString('en-US')} fields`;
    const limit = MAX_FIELD_CHARS.toLocaleString('en-US');
    return [`${this.file}: ${fields} longer than ${limit} characters cut to ${limit} (${lines}; ${this.#first}).`];
  }
}
