/**
 * One file's journey from bytes to a parsed part: sniff the first line, recognise the format, decode the text
 * (UTF-8, or Latin-1 when it is not valid UTF-8: text-decode.ts), parse rows in chunks and hand them to the
 * format's consumer. A row past csv-chunks.ts's limits (length, field count) stops the file with a problem.
 * Bytes are pushed in (`write`), so the same path serves File slices and zip entries.
 */
import type { FileKind, FileProblem, SkippedRows } from './types.ts';
import { CsvChunks, CsvLimitError, detectNewline } from './csv-chunks.ts';
import type { ByteRowSink, ConsumerContext, FileFormat, ParsedPart, RowConsumer } from './formats/format.ts';
import { notRecognisedMessage, recogniseFile } from './formats/index.ts';
import { AutoDecoder } from './text-decode.ts';

/** The double quote: a ratings file containing one goes through papaparse, which understands quoting. */
const QUOTE_BYTE = 0x22;

/** How much we buffer, at most, looking for the end of the first line. */
const SNIFF_LIMIT_BYTES = 64 * 1024;

/** The outcome of reading one file. */
export type IngestOutcome =
  | {
      status: 'accepted';
      file: string;
      kind: FileKind;
      part: ParsedPart;
      rows: number;
      skipped: SkippedRows | null;
      notes: string[];
    }
  /** `unrecognised`: no family knew the file (as opposed to a known format with no usable rows). */
  | { status: 'rejected'; problem: FileProblem; skipped: SkippedRows | null; unrecognised: boolean }
  | { status: 'ignored'; file: string; reason: string };

/** Parses one file pushed in as bytes. */
export class FileIngest {
  readonly #file: string;
  readonly #context: ConsumerContext;
  #sniffed: Uint8Array[] = [];
  #sniffedBytes = 0;
  #decoder: AutoDecoder | null = null;
  #chunks: CsvChunks | null = null;
  #byteSink: ByteRowSink | null = null;
  #consumer: RowConsumer | null = null;
  #format: FileFormat | null = null;
  #header: string[] | null = null;
  #outcome: IngestOutcome | null = null;

  constructor(file: string, context: ConsumerContext) {
    this.#file = file;
    this.#context = context;
  }

  /** False once the file was rejected or ignored: the caller can stop reading it. */
  get wantsMore(): boolean {
    return this.#outcome === null && !this.#byteSink?.failed?.();
  }

  /** Lines parsed so far by the numeric fast path (0 on the papaparse path), for rows-per-second progress. */
  get rowsRead(): number {
    return this.#byteSink?.linesRead?.() ?? 0;
  }

  /** Feeds the next bytes of the file. */
  write(bytes: Uint8Array): void {
    if (this.#outcome) return;
    if (this.#byteSink) {
      this.#byteSink.write(bytes);
      return;
    }
    if (!this.#chunks) {
      this.#sniffed.push(bytes);
      this.#sniffedBytes += bytes.length;
      if (this.#sniffedBytes < SNIFF_LIMIT_BYTES && !hasLineBreak(bytes)) return;
      this.#start(false);
      return;
    }
    this.#parseText(this.#decoder!.decode(bytes));
  }

  /** Abandons the file (a cancelled load): what the numeric parser collected is let go of at once. */
  dispose(): void {
    this.#byteSink?.dispose?.();
    this.#byteSink = null;
    this.#sniffed = [];
    this.#outcome = { status: 'ignored', file: this.#file, reason: 'cancelled' };
  }

  /** Finishes the file and says what became of it. */
  end(): IngestOutcome {
    if (this.#outcome) return this.#outcome;
    if (!this.#chunks && !this.#byteSink) this.#start(true);
    if (this.#outcome) return this.#outcome;
    let consumer: Pick<RowConsumer, 'finish' | 'skipped'>;
    if (this.#byteSink) {
      this.#byteSink.end();
      consumer = this.#byteSink;
    } else {
      this.#parseText(this.#decoder!.decode(new Uint8Array(0), true));
      if (this.#outcome) return this.#outcome;
      try {
        this.#chunks!.end();
      } catch (error) {
        this.#refuse(error);
        return this.#outcome!;
      }
      consumer = this.#consumer ?? this.#format!.createConsumer(this.#file, this.#header ?? [], this.#context);
    }
    const result = consumer.finish();
    const skipped = consumer.skipped();
    if ('problem' in result) return { status: 'rejected', problem: result.problem, skipped, unrecognised: false };
    return {
      status: 'accepted',
      file: this.#file,
      kind: result.part.kind,
      part: result.part,
      rows: result.rows,
      skipped,
      notes: this.#decoder?.encoding === 'windows-1252' ? [...result.notes, latin1Note(this.#file)] : result.notes,
    };
  }

  /** Recognises the format from the buffered bytes, then parses them. */
  #start(atEnd: boolean): void {
    const bytes = concat(this.#sniffed, this.#sniffedBytes);
    this.#sniffed = [];
    const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
    // Headers are ASCII, so latin-1 reads them whatever the real encoding; it never throws on binary bytes.
    const firstLine = firstLineOf(new TextDecoder('latin1').decode(body.subarray(0, SNIFF_LIMIT_BYTES)));
    const recognition = body.length === 0 ? null : recogniseFile(firstLine, this.#file);
    if (recognition === null) {
      const message = notRecognisedMessage(this.#file, firstLine, body.subarray(0, SNIFF_LIMIT_BYTES));
      this.#outcome = { status: 'rejected', problem: { file: this.#file, message }, skipped: null, unrecognised: true };
      return;
    }
    if ('ignore' in recognition) {
      this.#outcome = { status: 'ignored', file: this.#file, reason: recognition.ignore };
      return;
    }
    const format = recognition.format;
    this.#format = format;
    if (format.createByteScanner && body.indexOf(QUOTE_BYTE) < 0) {
      // Plain numeric ratings: skip text decoding and papaparse (see formats/ratings-bytes.ts).
      const sniffedText = new TextDecoder('latin1').decode(body.subarray(0, SNIFF_LIMIT_BYTES));
      const lineBreak = detectNewline(sniffedText) === '\r' ? 'cr' : 'lf';
      const header = format.hasHeader ? firstLine.split(format.delimiter) : [];
      this.#byteSink = format.createByteScanner(this.#file, header, this.#context, lineBreak);
      this.#byteSink.write(body);
      return;
    }
    this.#decoder = new AutoDecoder();
    this.#chunks = new CsvChunks(format.delimiter, format.quoteChar, (rows, firstLine) => this.#take(rows, firstLine));
    this.#parseText(this.#decoder.decode(body, atEnd));
  }

  #parseText(text: string): void {
    if (this.#outcome) return;
    try {
      this.#chunks!.push(text);
    } catch (error) {
      this.#refuse(error);
    }
  }

  /** Ends the file with a problem for a row past the parser's limits (anything else is a bug: rethrown). */
  #refuse(error: unknown): void {
    if (!(error instanceof CsvLimitError)) throw error;
    const message = `${this.#file} cannot be read: ${error.message}. Is it really a MovieLens file?`;
    this.#outcome = { status: 'rejected', problem: { file: this.#file, message }, skipped: null, unrecognised: false };
  }

  #take(rows: string[][], firstLine: number): void {
    const format = this.#format!;
    if (!this.#consumer) {
      if (format.hasHeader) {
        this.#header = rows[0];
        rows = rows.slice(1);
        firstLine++;
      }
      this.#consumer = format.createConsumer(this.#file, this.#header ?? [], this.#context);
    }
    if (rows.length > 0) this.#consumer.rows(rows, firstLine);
  }
}

function hasLineBreak(bytes: Uint8Array): boolean {
  return bytes.indexOf(0x0a) >= 0 || bytes.indexOf(0x0d) >= 0;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function firstLineOf(text: string): string {
  const end = text.search(/\r|\n/);
  return end < 0 ? text : text.slice(0, end);
}

/** Says that a file was read as Latin-1, so a person who sees odd letters knows why. */
function latin1Note(file: string): string {
  return `${file} is not UTF-8; it was read as Latin-1 (Windows-1252), as older MovieLens releases are.`;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
