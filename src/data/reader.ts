/**
 * The reader's memory: the latest accepted file of each kind (ratings, movies, links, posters, tags). Each load
 * parses the new files, replaces parts only for files that were accepted (a rejected file never disturbs earlier
 * ones), and rebuilds the Dataset from all parts, so files can arrive together or one after another in any order.
 * A cancelled load (cancel() between slice reads) is dropped whole, like a rejected one. Before reading, a file is
 * checked against the memory budget, against the files already held (the same file again is not read twice) and,
 * for a zip, against its table of contents (zip-guard.ts).
 * Without shared memory the users x items matrix a rebuild starts from is a copy of the one handed to the page: the
 * reader lets go of it once the page has the dataset (`lendRatings`) and takes it back, slice by slice, before the
 * next load (`putRatings`), so between loads the tab holds the ratings once.
 * Plain module so vitest can drive it in Node; reader.worker.ts wraps it for comlink.
 */
import { SAMPLE_NAME, buildDataset, type DatasetLabel } from './build.ts';
import { isShared, memoryHere } from './csr.ts';
import type { ParsedPart, RatingsPart } from './formats/format.ts';
import { releaseNow } from './growable.ts';
import type { IngestOutcome } from './ingest.ts';
import { tooBigMessage } from './memory.ts';
import { sampleCatalogueFiles } from './sample.ts';
import { partsFromDataset } from './seed.ts';
import { ingestPlainFile, ingestZipFile, isZip, zipEntrySkipReason } from './sources.ts';
import type { Csr, Dataset, FileKind, LoadResult, ReadProgress } from './types.ts';
import { readZipDirectory, unzipLimitProblem, type ZipDirectory } from './zip-guard.ts';

/** The parts currently held, one per kind. */
type HeldParts = { [K in FileKind]: Extract<ParsedPart, { kind: K }> | null };

const NOTHING_HELD: HeldParts = { ratings: null, movies: null, links: null, posters: null, tags: null };

/** The held ratings part's users x items entries while they are lent to the page (Reader.lendRatings). */
interface Lent {
  /** The part they were lent from: once it is no longer the held one, nothing is owed. */
  part: RatingsPart;
  nnz: number;
  /** Entries given back so far, into `indices` and `values` (made at the first). */
  received: number;
  indices: Int32Array | null;
  values: Float32Array | null;
}

/** Used when the page passes no budget (tests in Node): large enough never to refuse a real MovieLens file. */
const NO_BUDGET = Number.POSITIVE_INFINITY;

/** Name, size and date: the same file dropped again (or twice in one drop) has the same fingerprint. */
function fingerprint(file: File): string {
  return `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
}

/** Unpacked bytes of the entries we will parse (a genome file is inflated and dropped, so it takes no memory). */
function parsedBytes(directory: ZipDirectory): number {
  let bytes = 0;
  for (const file of directory.files) if (zipEntrySkipReason(file.name) === null) bytes += file.unzippedBytes;
  return bytes;
}

function emptyResult(): LoadResult {
  return { dataset: null, accepted: [], problems: [], skipped: [], ignored: [], notes: [] };
}

/** Keeps accepted files between loads and builds the Dataset from them. */
export class Reader {
  #parts: HeldParts = { ...NOTHING_HELD };
  /** The fingerprint of the dropped file (plain or zip) each held part came from. */
  #sources = new Map<FileKind, string>();
  /** The kinds each dropped file gave when it was last read (by fingerprint). */
  #produced = new Map<string, FileKind[]>();
  #label: DatasetLabel = { name: null, synthetic: false };
  /** Aborted by cancel(); a fresh one per load, so a cancel that arrives after a load ended never stops the next. */
  #abort = new AbortController();
  /**
   * The held matrix's entries while they are lent to the page (see lendRatings), and how many came back so far. It
   * names the ratings part it was lent from: once that part is replaced (new ratings, the sample, a seed, a reset)
   * nothing is owed, with no bookkeeping at each replacement (see #owed).
   */
  #lent: Lent | null = null;

  /** Parses files (CSV or zip), merges them with what was loaded before and rebuilds the dataset. */
  async load(files: File[], onProgress?: ReadProgress, memoryBytes = NO_BUDGET): Promise<LoadResult> {
    this.#abort = new AbortController();
    return this.#load(files, onProgress, this.#abort.signal, memoryBytes);
  }

  /** Replaces everything with the seeded synthetic sample, parsed through the normal path. */
  async loadSample(seed = 1): Promise<LoadResult> {
    this.#abort = new AbortController();
    const fresh = new Reader();
    const result = await fresh.#load(sampleCatalogueFiles(seed), undefined, this.#abort.signal, NO_BUDGET);
    if (result.cancelled) return this.#cancelled();
    if (result.problems.length > 0) return result; // cannot happen unless the generator is broken; say so plainly
    this.#parts = fresh.#parts;
    this.#sources = new Map();
    this.#produced = new Map();
    this.#label = { name: SAMPLE_NAME, synthetic: true };
    const built: LoadResult = { ...result, dataset: null, notes: [] };
    this.#build(built);
    return built;
  }

  /**
   * Stops the load in flight at its next slice boundary. Runs while the load awaits a slice read (the worker
   * handles messages between awaits); the load then resolves with `cancelled: true` and the parts held before.
   */
  cancel(): void {
    this.#abort.abort();
  }

  /**
   * Holds the parts of a dataset read back from storage (see seed.ts), as if its files had been loaded. A dataset
   * sent without its users x items entries (only their row offsets, to spare the page one large clone) is held as
   * lent: its entries come with putRatings before the next load.
   */
  seed(dataset: Dataset): void {
    this.#parts = { ...NOTHING_HELD };
    this.#sources = new Map();
    this.#produced = new Map();
    // Parts read back from storage come from no dropped file: a source no fingerprint can equal.
    for (const part of partsFromDataset(dataset)) this.#hold(part, `saved:${dataset.name}`);
    this.#label = { name: dataset.name, synthetic: dataset.synthetic };
    const part = this.#parts.ratings;
    if (part?.built && part.built.userItems.indices.length < dataset.nnz) {
      this.#lent = { part, nnz: dataset.nnz, received: 0, indices: null, values: null };
    }
  }

  /** Forgets everything loaded. */
  reset(): void {
    this.#parts = { ...NOTHING_HELD };
    this.#sources = new Map();
    this.#produced = new Map();
    this.#label = { name: null, synthetic: false };
  }

  /**
   * Lets go of the held users x items matrix's entries when they are a private copy of the dataset the page now
   * owns (in shared memory the page views the very same bytes and nothing is held twice). The row offsets stay.
   */
  lendRatings(): void {
    const part = this.#parts.ratings;
    const built = part?.built;
    if (!part || !built || this.#owed() || built.userItems.indices.length === 0 || isShared(built.userItems.indices)) {
      return;
    }
    const { indptr, indices, values } = built.userItems;
    this.#lent = { part, nnz: indices.length, received: 0, indices: null, values: null };
    built.userItems = { indptr, indices: new Int32Array(0), values: new Float32Array(0) };
    releaseNow(indices);
    releaseNow(values);
  }

  /**
   * The users x items matrix the held ratings part keeps (in private memory a copy of the last dataset's, in shared
   * memory that dataset's own), or null when there is none or its entries are lent.
   */
  heldRatings(): Csr | null {
    return this.#owed() ? null : (this.#parts.ratings?.built?.userItems ?? null);
  }

  /** The held matrix while its entries are lent: its users and entries, and how many entries came back so far. */
  lentRatings(): { users: number; nnz: number; received: number } | null {
    const lent = this.#owed();
    if (!lent?.part.built) return null;
    return { users: lent.part.built.userItems.indptr.length - 1, nnz: lent.nnz, received: lent.received };
  }

  /** Entries `at`.. of the lent matrix, given back by the page (from its dataset's userItems), in order. */
  putRatings(at: number, indices: Int32Array, values: Float32Array): void {
    const lent = this.#owed();
    const built = lent?.part.built;
    if (!lent || !built) throw new Error('no ratings are lent');
    if (at !== lent.received || indices.length !== values.length || at + indices.length > lent.nnz) {
      throw new Error(
        `ratings ${at}-${at + indices.length} do not continue the ${lent.received} of ${lent.nnz} given back`,
      );
    }
    lent.indices ??= new Int32Array(lent.nnz);
    lent.values ??= new Float32Array(lent.nnz);
    lent.indices.set(indices, at);
    lent.values.set(values, at);
    lent.received += indices.length;
    if (lent.received < lent.nnz) return;
    built.userItems = { indptr: built.userItems.indptr, indices: lent.indices, values: lent.values };
    this.#lent = null;
  }

  /** What is lent of the ratings part held now, if anything. */
  #owed(): Lent | null {
    return this.#lent && this.#lent.part === this.#parts.ratings ? this.#lent : null;
  }

  /** The kinds currently held, for tests and status lines. */
  heldKinds(): FileKind[] {
    return (Object.keys(this.#parts) as FileKind[]).filter((kind) => this.#parts[kind] !== null);
  }

  async #load(
    files: File[],
    onProgress: ReadProgress | undefined,
    signal: AbortSignal,
    memoryBytes: number,
  ): Promise<LoadResult> {
    const result = emptyResult();
    const incoming: { part: ParsedPart; source: string }[] = [];
    const seen = new Set<string>();
    // Held parts change only after the last await below, so a cancelled batch leaves them exactly as they were.
    for (const file of files) {
      const source = fingerprint(file);
      const repeat = this.#repeatProblem(file, source, seen);
      seen.add(source);
      if (repeat) {
        result.problems.push({ file: file.name, message: repeat });
        continue;
      }
      const zipped = await isZip(file);
      if (signal.aborted) return this.#cancelled();
      if (zipped) {
        const directory = await readZipDirectory(file, file.name);
        if (signal.aborted) return this.#cancelled();
        const refusal =
          typeof directory === 'string'
            ? directory
            : (unzipLimitProblem(file.name, directory.unzippedBytes, file.size) ??
              tooBigMessage(file.name, parsedBytes(directory), memoryBytes, true));
        if (refusal) {
          result.problems.push({ file: file.name, message: refusal });
          continue;
        }
        const zip = await ingestZipFile(file, onProgress, signal);
        if (!zip) return this.#cancelled();
        const { outcomes, error } = zip;
        result.ignored.push(...zip.ignored);
        if (error) result.problems.push({ file: file.name, message: error });
        else if (!outcomes.some((o) => o.status === 'accepted' || (o.status === 'rejected' && !o.unrecognised))) {
          result.problems.push({
            file: file.name,
            message: `${file.name} holds no MovieLens files: expected ratings.csv, movies.csv or links.csv (or ml-100k's u.data, ml-1m's ratings.dat) inside.`,
          });
        }
        // Inside a zip, files we do not recognise (licence texts, extras) are not the person's mistake.
        if (!error) for (const outcome of outcomes) this.#record(outcome, result, incoming, source, true);
      } else {
        const tooBig = tooBigMessage(file.name, file.size, memoryBytes);
        if (tooBig) {
          result.problems.push({ file: file.name, message: tooBig });
          continue;
        }
        const outcome = await ingestPlainFile(file, onProgress, signal);
        if (!outcome) return this.#cancelled();
        this.#record(outcome, result, incoming, source, false);
      }
    }
    if (incoming.length > 0) {
      this.#noteReplacements(incoming, result);
      // Real files replace the synthetic sample entirely: its made-up movies must not mix with MovieLens ids.
      if (this.#label.synthetic) this.#parts = { ...NOTHING_HELD };
      this.#label = { name: null, synthetic: false };
      for (const { part, source } of incoming) this.#hold(part, source);
      for (const source of new Set(incoming.map((entry) => entry.source))) {
        this.#produced.set(
          source,
          incoming.filter((entry) => entry.source === source).map((entry) => entry.part.kind),
        );
      }
    }
    this.#build(result);
    return result;
  }

  /** Why `file` is not read again: dropped twice in this batch, or every part it gave is still held. */
  #repeatProblem(file: File, source: string, seenInBatch: Set<string>): string | null {
    if (seenInBatch.has(source)) return `${file.name} was dropped twice; it was read once.`;
    const kinds = this.#produced.get(source);
    if (!kinds || !kinds.every((kind) => this.#sources.get(kind) === source)) return null;
    return (
      `${file.name} is already loaded (same name, size and date), so it was not read again and nothing is ` +
      'counted twice. To read a changed copy, save it under another name.'
    );
  }

  /** The answer to a cancelled batch: nothing from it is kept; the dataset is rebuilt from the parts held before. */
  #cancelled(): LoadResult {
    const result: LoadResult = { ...emptyResult(), cancelled: true };
    this.#build(result);
    return result;
  }

  #record(
    outcome: IngestOutcome,
    result: LoadResult,
    incoming: { part: ParsedPart; source: string }[],
    source: string,
    insideZip: boolean,
  ): void {
    if (outcome.status === 'ignored') {
      result.ignored.push({ file: outcome.file, reason: outcome.reason });
      return;
    }
    if (outcome.skipped) result.skipped.push(outcome.skipped);
    if (outcome.status === 'rejected') {
      if (insideZip && outcome.unrecognised) {
        result.ignored.push({ file: outcome.problem.file, reason: 'not a file Marquee knows' });
      } else {
        result.problems.push(outcome.problem);
      }
      return;
    }
    result.accepted.push({ file: outcome.file, kind: outcome.kind, rows: outcome.rows });
    result.notes.push(...outcome.notes);
    incoming.push({ part: outcome.part, source });
  }

  #noteReplacements(incoming: { part: ParsedPart }[], result: LoadResult): void {
    const seen = new Map<FileKind, string>();
    for (const { part } of incoming) {
      const earlier = seen.get(part.kind);
      if (earlier) result.notes.push(`Two ${part.kind} files: ${part.file} is used, ${earlier} is not.`);
      seen.set(part.kind, part.file);
    }
  }

  #hold(part: ParsedPart, source: string): void {
    (this.#parts as Record<FileKind, ParsedPart | null>)[part.kind] = part;
    this.#sources.set(part.kind, source);
  }

  #build(result: LoadResult): void {
    const { ratings, movies, links, posters, tags } = this.#parts;
    // Held ratings whose entries are still lent to the page cannot be rebuilt: the page keeps the dataset it shows
    // (it gives them back before every load; only a batch that ended early, e.g. cancelled, gets here without).
    if (this.#owed()) return;
    if (!ratings) {
      if (movies || links || posters || tags) {
        result.notes.push('Catalogue files are loaded; add ratings.csv (or a MovieLens zip) to build the dataset.');
      }
      return;
    }
    const built = buildDataset(ratings, { movies, links, posters, tags }, this.#label, memoryHere());
    result.dataset = built.dataset;
    result.notes.push(...built.notes);
  }
}
