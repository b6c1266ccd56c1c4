/**
 * Incremental CSV parsing with papaparse: text arrives in chunks (from a File slice or a zip entry) and complete
 * rows come out. This is what papaparse's own ChunkStreamer does internally (parse with ignoreLastRow, keep the
 * text after meta.cursor for the next chunk); we drive its public `Papa.Parser` ourselves so the same code runs
 * over File slices in a worker, over fflate's zip stream, and in Node tests (papaparse's FileStreamer needs FileReader).
 */
import Papa from 'papaparse';

/**
 * Longest row we accept, in characters. A MovieLens row is under 1 KB and a Kaggle overview a few KB; a file with a
 * line of hundreds of megabytes (or an unclosed quote) would otherwise be re-parsed on every chunk and never end.
 */
export const MAX_ROW_CHARS = 8 * 1024 * 1024;

/** Most fields a row may have: u.item has 24; thousands mean the file is not a table we read. */
export const MAX_FIELDS = 1000;

/** A row past MAX_ROW_CHARS or MAX_FIELDS: the file is refused (message without the file name). */
export class CsvLimitError extends Error {}

/** Receives complete rows; rows[i] starts on 1-based line `firstLine + i` (a quoted line break ends the batch). */
export type RowsHandler = (rows: string[][], firstLine: number) => void;

/** Detects the line ending from the first line break in `text`: CRLF (GroupLens's CSVs), LF, or bare CR. */
export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf < 0 && text.includes('\r')) return '\r';
  return '\n';
}

/** True once `text` shows its line ending: a LF, or a CR that is not the last character. */
function hasDecidableNewline(text: string): boolean {
  if (text.includes('\n')) return true;
  const cr = text.indexOf('\r');
  return cr >= 0 && cr < text.length - 1;
}

/** Turns chunks of text into rows of fields, with papaparse doing the splitting and quote handling. */
export class CsvChunks {
  #parser: { parser: Papa.Parser; newline: string } | null = null;
  #partial = '';
  #nextLine = 1;
  readonly #delimiter: string;
  readonly #quoteChar: string;
  readonly #onRows: RowsHandler;

  constructor(delimiter: string, quoteChar: string, onRows: RowsHandler) {
    this.#delimiter = delimiter;
    this.#quoteChar = quoteChar;
    this.#onRows = onRows;
  }

  /** Parses whatever complete rows `text` (appended to earlier leftovers) contains. */
  push(text: string): void {
    if (text === '') return;
    const input = this.#partial + text;
    if (!this.#parser && !hasDecidableNewline(input)) {
      this.#partial = input; // cannot tell the line ending yet (no break, or a CR that may be half of CRLF)
      return;
    }
    const parser = this.#parserFor(input);
    const result = parser.parse(input, 0, true);
    this.#partial = input.slice(result.meta.cursor);
    this.#emit(result.data as string[][], input.includes(this.#quoteChar));
    if (this.#partial.length > MAX_ROW_CHARS) {
      const megabytes = Math.floor(MAX_ROW_CHARS / (1024 * 1024));
      throw new CsvLimitError(
        `line ${this.#nextLine} is longer than ${megabytes} MB (no line break, or a quote that never closes)`,
      );
    }
  }

  /** Parses the last row (a file need not end with a line break). */
  end(): void {
    if (this.#partial === '') return;
    const input = this.#partial;
    this.#partial = '';
    const result = this.#parserFor(input).parse(input, 0, false);
    this.#emit(result.data as string[][], input.includes(this.#quoteChar));
  }

  #parserFor(input: string): Papa.Parser {
    if (!this.#parser) {
      // The newline is fixed from the first text we see, as papaparse's ParserHandle does (guessLineEndings).
      const newline = detectNewline(input);
      const parser = new Papa.Parser({ delimiter: this.#delimiter, quoteChar: this.#quoteChar, newline });
      this.#parser = { parser, newline };
    }
    return this.#parser.parser;
  }

  /** Hands rows on; when quotes were present, splits the batch after each row whose fields hold line breaks. */
  #emit(rows: string[][], mayHoldLineBreaks: boolean): void {
    if (rows.length === 0) return;
    for (let r = 0; r < rows.length; r++) {
      if (rows[r].length > MAX_FIELDS) {
        const fields = rows[r].length.toLocaleString('en-US');
        throw new CsvLimitError(`line ${this.#nextLine + r} has ${fields} fields (a MovieLens file has at most 24)`);
      }
    }
    if (!mayHoldLineBreaks) {
      this.#onRows(rows, this.#nextLine);
      this.#nextLine += rows.length;
      return;
    }
    const breakChar = this.#parser!.newline === '\r' ? '\r' : '\n';
    let start = 0;
    for (let r = 0; r < rows.length; r++) {
      let inner = 0;
      for (const field of rows[r]) if (field.includes(breakChar)) inner += field.split(breakChar).length - 1;
      if (inner === 0) continue;
      this.#onRows(rows.slice(start, r + 1), this.#nextLine);
      this.#nextLine += r + 1 - start + inner;
      start = r + 1;
    }
    if (start < rows.length) {
      this.#onRows(start === 0 ? rows : rows.slice(start), this.#nextLine);
      this.#nextLine += rows.length - start;
    }
  }
}
