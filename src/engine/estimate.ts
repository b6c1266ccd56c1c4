/**
 * How long a fit will take on this device, before it runs. The work of one ALS iteration is counted in
 * multiply-adds (implicit's conjugate-gradient solve, `_als.pyx`): each side's rows cost (cgSteps + 1) products with
 * the Gram matrix (k^2 each) plus its half of the Gram itself, and each rating costs a dot and an axpy (2k) per CG
 * step and for the residual, on both sides. The two kinds of work run at different speeds (rows are dense Gram
 * products, ratings are scattered reads of the other side's factors), so the device's speed comes from three small
 * timed fits run when a Trainer starts (see trainer.ts): a tiny one gives the fixed cost per iteration (messages to the
 * workers), one with many short rows and one with few long rows give the two rates, on this pool's worker count.
 */
import type { FitSettings } from './api';

/** The size of a fit's input. */
export interface FitShape {
  users: number;
  items: number;
  nnz: number;
}

/** One timed fit used to calibrate: its shape, settings, and what its phases took. */
export interface CalibrationSample {
  shape: FitShape;
  settings: Pick<FitSettings, 'factors' | 'cgSteps' | 'computeLoss'>;
  /** A hot iteration (not the first, which runs partly unoptimised code). */
  iterationMs: number;
  /** The fit's setup phase (weighting, copying ratings to the workers, initial factors). */
  setupMs: number;
}

/** The device's measured speed for this pool. */
export interface FitCalibration {
  /** Fixed milliseconds per iteration, whatever the size. */
  overheadMs: number;
  /** Milliseconds per unit of row work (rows x k^2 multiply-adds, see iterationWork). */
  msPerRowWork: number;
  /** Milliseconds per unit of rating work (ratings x k multiply-adds). */
  msPerRatingWork: number;
  /** Setup milliseconds per row and factor (initial factors) and per rating (weighting, copies to the workers). */
  setupMsPerRowFactor: number;
  setupMsPerRating: number;
}

/** FitCalibration's fields, all milliseconds (or milliseconds per unit of work), none negative. */
const CALIBRATION_FIELDS = [
  'overheadMs',
  'msPerRowWork',
  'msPerRatingWork',
  'setupMsPerRowFactor',
  'setupMsPerRating',
] as const satisfies readonly (keyof FitCalibration)[];

/** A calibration read back from storage (JSON), or null when `value` is not one (edited, an older format). */
export function calibrationFrom(value: unknown): FitCalibration | null {
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  const valid = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!CALIBRATION_FIELDS.every((field) => valid(fields[field]))) return null;
  return Object.fromEntries(CALIBRATION_FIELDS.map((field) => [field, fields[field]])) as Record<
    (typeof CALIBRATION_FIELDS)[number],
    number
  >;
}

/** Multiply-adds of one iteration (both half-steps, and the loss when it is computed), by where they come from. */
export function iterationWork(
  shape: FitShape,
  settings: Pick<FitSettings, 'factors' | 'cgSteps' | 'computeLoss'>,
): { rows: number; ratings: number } {
  const k = settings.factors;
  const rows = shape.users + shape.items;
  const steps = settings.cgSteps + 1;
  const loss = settings.computeLoss ? 1 : 0;
  return { rows: (steps + 0.5 + loss) * rows * k * k, ratings: (4 * steps + 2 * loss) * shape.nnz * k };
}

/** Solves the 2 x 2 system [a b; c d] x = [e f]; null when it is (nearly) singular. */
function solve2(a: number, b: number, c: number, d: number, e: number, f: number): [number, number] | null {
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12 * Math.abs(a * d)) return null;
  return [(e * d - b * f) / det, (a * f - e * c) / det];
}

/**
 * The calibration that explains three timed fits: a tiny one (mostly fixed cost), one with many rows and few ratings
 * each, and one with few rows and many ratings each. On a noisy machine a coefficient can come out negative: it is
 * then held at a small positive share so no size ever estimates to nothing.
 */
export function calibrate(
  tiny: CalibrationSample,
  manyRows: CalibrationSample,
  manyRatings: CalibrationSample,
): FitCalibration {
  const work = [tiny, manyRows, manyRatings].map((sample) => iterationWork(sample.shape, sample.settings));
  // Exactly: t = overhead + rows * rowRate + ratings * ratingRate for all three; the tiny fit's equation is taken
  // from the other two, leaving two unknowns.
  const solved = solve2(
    work[1].rows - work[0].rows,
    work[1].ratings - work[0].ratings,
    work[2].rows - work[0].rows,
    work[2].ratings - work[0].ratings,
    manyRows.iterationMs - tiny.iterationMs,
    manyRatings.iterationMs - tiny.iterationMs,
  );
  const total = manyRows.iterationMs + manyRatings.iterationMs;
  const average = total / (work[1].rows + work[1].ratings + work[2].rows + work[2].ratings);
  const floor = 0.1 * average;
  const rates = solved ? [Math.max(floor, solved[0]), Math.max(floor, solved[1])] : [average, average];
  const overheadMs = Math.max(0, tiny.iterationMs - work[0].rows * rates[0] - work[0].ratings * rates[1]);
  const setup = solve2(
    manyRows.shape.users + manyRows.shape.items,
    manyRows.shape.nnz,
    manyRatings.shape.users + manyRatings.shape.items,
    manyRatings.shape.nnz,
    manyRows.setupMs / manyRows.settings.factors,
    manyRatings.setupMs / manyRatings.settings.factors,
  );
  const k = manyRows.settings.factors;
  const setupMsPerRating = Math.max(0, (setup?.[1] ?? 0) * k);
  const setupMsPerRowFactor = Math.max(
    0,
    setup?.[0] ?? manyRows.setupMs / (k * (manyRows.shape.users + manyRows.shape.items)),
  );
  return { overheadMs, msPerRowWork: rates[0], msPerRatingWork: rates[1], setupMsPerRowFactor, setupMsPerRating };
}

/** Estimated milliseconds of a fit of `shape` with `settings` on the calibrated pool. */
export function estimateFitMs(
  calibration: FitCalibration,
  shape: FitShape,
  settings: Pick<FitSettings, 'factors' | 'cgSteps' | 'computeLoss' | 'iterations'>,
): number {
  const work = iterationWork(shape, settings);
  const iterationMs =
    calibration.overheadMs + work.rows * calibration.msPerRowWork + work.ratings * calibration.msPerRatingWork;
  const setupMs =
    calibration.setupMsPerRowFactor * (shape.users + shape.items) * settings.factors +
    calibration.setupMsPerRating * shape.nnz;
  return setupMs + settings.iterations * iterationMs;
}

/** "about 3 s", "about 40 s", "about 2 min": an estimate in words, never more precise than it is. */
export function formatEstimate(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 1) return 'under a second';
  if (seconds < 10) return `about ${Math.round(seconds)} s`;
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
