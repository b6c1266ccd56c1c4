/**
 * The reader's memory: the latest accepted file of each kind (ratings, movies, links, posters). Each load parses
 * the new files, replaces parts only for files that were accepted (a rejected file never disturbs earlier ones),
 * and rebuilds the Dataset from all parts, so files can arrive together or one after another in any order.
 * Plain module so vitest can drive it in Node; reader.worker.ts wraps it for comlink.
 */
import { SAMPLE_NAME, buildDataset, type DatasetLabel } from './build.ts';
import type { LinksPart, MoviesPart, ParsedPart, PostersPart, RatingsPart } from './formats/format.ts';
import type { IngestOutcome } from './ingest.ts';
import { sampleCatalogueFiles } from './sample.ts';
import { ingestPlainFile, ingestZipFile, isZip } from './sources.ts';
import type { FileKind, LoadResult, ReadProgress } from './types.ts';

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

  /** Parses files (CSV or zip), merges them with what was loaded before and rebuilds the dataset. */
  async load(files: File[], onProgress?: ReadProgress): Promise<LoadResult> {
    const result: LoadResult = { dataset: null, accepted: [], problems: [], skipped: [], notes: [] };
    const incoming: ParsedPart[] = [];
    for (const file of files) {
      if (await isZip(file)) {
        const { outcomes, error } = await ingestZipFile(file, onProgress);
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
        this.#record(await ingestPlainFile(file, onProgress), result, incoming, false);
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

  /** Replaces everything with the seeded synthetic sample, parsed through the normal path. */
  async loadSample(seed = 1): Promise<LoadResult> {
    const fresh = new Reader();
    const result = await fresh.load(sampleCatalogueFiles(seed));
    if (result.problems.length > 0) return result; // cannot happen unless the generator is broken; say so plainly
    this.#parts = fresh.#parts;
    this.#label = { name: SAMPLE_NAME, synthetic: true };
    const built: LoadResult = { ...result, dataset: null, notes: [] };
    this.#build(built);
    return built;
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
