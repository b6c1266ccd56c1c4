/**
 * The reader's memory: the latest accepted file of each kind (ratings, movies, links, posters). Each load parses
 * the new files, replaces parts only for files that were accepted (a rejected file never disturbs earlier ones),
 * and rebuilds the Dataset from all parts, so files can arrive together or one after another in any order.
 * A cancelled load (cancel() between slice reads) is dropped whole, like a rejected one.
 * Plain module so vitest can drive it in Node; reader.worker.ts wraps it for comlink.
 */
import { SAMPLE_NAME, buildDataset, type DatasetLabel } from './build.ts';
import type { LinksPart, MoviesPart, ParsedPart, PostersPart, RatingsPart } from './formats/format.ts';
import type { IngestOutcome } from './ingest.ts';
import { sampleCatalogueFiles } from './sample.ts';
import { partsFromDataset } from './seed.ts';
import { ingestPlainFile, ingestZipFile, isZip } from './sources.ts';
import type { Dataset, FileKind, LoadResult, ReadProgress } from './types.ts';

/** The parts currently held, one per kind. */
interface HeldParts {
  ratings: RatingsPart | null;
  movies: MoviesPart | null;
  links: LinksPart | null;
  posters: PostersPart | null;
}

const NOTHING_HELD: HeldParts = { ratings: null, movies: null, links: null, posters: null };

/** Keeps accepted files between loads and builds the Dataset from them. */
export class Reader {
  #parts: HeldParts = { ...NOTHING_HELD };
  #label: DatasetLabel = { name: null, synthetic: false };
  /** Aborted by cancel(); a fresh one per load, so a cancel that arrives after a load ended never stops the next. */
  #abort = new AbortController();

  /** Parses files (CSV or zip), merges them with what was loaded before and rebuilds the dataset. */
  async load(files: File[], onProgress?: ReadProgress): Promise<LoadResult> {
    this.#abort = new AbortController();
    return this.#load(files, onProgress, this.#abort.signal);
  }

  /** Replaces everything with the seeded synthetic sample, parsed through the normal path. */
  async loadSample(seed = 1): Promise<LoadResult> {
    this.#abort = new AbortController();
    const fresh = new Reader();
    const result = await fresh.#load(sampleCatalogueFiles(seed), undefined, this.#abort.signal);
    if (result.cancelled) return this.#cancelled();
    if (result.problems.length > 0) return result; // cannot happen unless the generator is broken; say so plainly
    this.#parts = fresh.#parts;
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

  /** Holds the parts of a dataset read back from storage (see seed.ts), as if its files had been loaded. */
  seed(dataset: Dataset): void {
    this.#parts = { ...NOTHING_HELD };
    for (const part of partsFromDataset(dataset)) this.#hold(part);
    this.#label = { name: dataset.name, synthetic: dataset.synthetic };
  }

  /** Forgets everything loaded. */
  reset(): void {
    this.#parts = { ...NOTHING_HELD };
    this.#label = { name: null, synthetic: false };
  }

  /** The kinds currently held, for tests and status lines. */
  heldKinds(): FileKind[] {
    return (Object.keys(this.#parts) as FileKind[]).filter((kind) => this.#parts[kind] !== null);
  }

  async #load(files: File[], onProgress: ReadProgress | undefined, signal: AbortSignal): Promise<LoadResult> {
    const result: LoadResult = { dataset: null, accepted: [], problems: [], skipped: [], notes: [] };
    const incoming: ParsedPart[] = [];
    // Held parts change only after the last await below, so a cancelled batch leaves them exactly as they were.
    for (const file of files) {
      const zipped = await isZip(file);
      if (signal.aborted) return this.#cancelled();
      if (zipped) {
        const zip = await ingestZipFile(file, onProgress, signal);
        if (!zip) return this.#cancelled();
        const { outcomes, error } = zip;
        if (error) result.problems.push({ file: file.name, message: error });
        else if (!outcomes.some((o) => o.status === 'accepted' || (o.status === 'rejected' && !o.unrecognised))) {
          result.problems.push({
            file: file.name,
            message: `${file.name} holds no MovieLens files: expected ratings.csv, movies.csv or links.csv (or ml-100k's u.data) inside.`,
          });
        }
        // Inside a zip, files we do not recognise (licence texts, extras) are not the person's mistake.
        for (const outcome of outcomes) this.#record(outcome, result, incoming, true);
      } else {
        const outcome = await ingestPlainFile(file, onProgress, signal);
        if (!outcome) return this.#cancelled();
        this.#record(outcome, result, incoming, false);
      }
    }
    if (incoming.length > 0) {
      this.#noteReplacements(incoming, result);
      // Real files replace the synthetic sample entirely: its made-up movies must not mix with MovieLens ids.
      if (this.#label.synthetic) this.#parts = { ...NOTHING_HELD };
      this.#label = { name: null, synthetic: false };
      for (const part of incoming) this.#hold(part);
    }
    this.#build(result);
    return result;
  }

  /** The answer to a cancelled batch: nothing from it is kept; the dataset is rebuilt from the parts held before. */
  #cancelled(): LoadResult {
    const result: LoadResult = { dataset: null, accepted: [], problems: [], skipped: [], notes: [], cancelled: true };
    this.#build(result);
    return result;
  }

  #record(outcome: IngestOutcome, result: LoadResult, incoming: ParsedPart[], insideZip: boolean): void {
    if (outcome.status === 'ignored') {
      result.notes.push(outcome.note);
      return;
    }
    if (outcome.skipped) result.skipped.push(outcome.skipped);
    if (outcome.status === 'rejected') {
      if (!(insideZip && outcome.unrecognised)) result.problems.push(outcome.problem);
      return;
    }
    result.accepted.push({ file: outcome.file, kind: outcome.kind, rows: outcome.rows });
    result.notes.push(...outcome.notes);
    incoming.push(outcome.part);
  }

  #noteReplacements(incoming: ParsedPart[], result: LoadResult): void {
    const seen = new Map<FileKind, string>();
    for (const part of incoming) {
      const earlier = seen.get(part.kind);
      if (earlier) result.notes.push(`Two ${part.kind} files: ${part.file} is used, ${earlier} is not.`);
      seen.set(part.kind, part.file);
    }
  }

  #hold(part: ParsedPart): void {
    if (part.kind === 'ratings') this.#parts.ratings = part;
    else if (part.kind === 'movies') this.#parts.movies = part;
    else if (part.kind === 'links') this.#parts.links = part;
    else this.#parts.posters = part;
  }

  #build(result: LoadResult): void {
    const { ratings, movies, links, posters } = this.#parts;
    if (!ratings) {
      if (movies || links || posters) {
        result.notes.push('Catalogue files are loaded; add ratings.csv (or a MovieLens zip) to build the dataset.');
      }
      return;
    }
    const built = buildDataset(ratings, { movies, links, posters }, this.#label);
    result.dataset = built.dataset;
    result.notes.push(...built.notes);
  }
}
