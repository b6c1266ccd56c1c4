import { describe, expect, it } from 'vitest';
import {
  calibrate,
  estimateFitMs,
  formatEstimate,
  iterationWork,
  type CalibrationSample,
  type FitCalibration,
  type FitShape,
} from '../../src/engine/estimate';
import { DEFAULT_SETTINGS } from '../../src/engine/api';

/** A device whose fits cost exactly this: the samples are made from it, and calibrate must find it again. */
const device: FitCalibration = {
  overheadMs: 2,
  msPerRowWork: 3e-7,
  msPerRatingWork: 1e-6,
  setupMsPerRowFactor: 2e-5,
  setupMsPerRating: 1e-3,
};

function sample(shape: FitShape): CalibrationSample {
  const settings = { ...DEFAULT_SETTINGS, iterations: 2 };
  const work = iterationWork(shape, settings);
  return {
    shape,
    settings,
    iterationMs: device.overheadMs + work.rows * device.msPerRowWork + work.ratings * device.msPerRatingWork,
    setupMs: device.setupMsPerRowFactor * (shape.users + shape.items) * 64 + device.setupMsPerRating * shape.nnz,
  };
}

describe('fit estimate', () => {
  const tiny = sample({ users: 400, items: 300, nnz: 3_600 });
  const manyRows = sample({ users: 20_000, items: 5_000, nnz: 60_000 });
  const manyRatings = sample({ users: 1_000, items: 3_000, nnz: 60_000 });

  it('recovers the fixed cost and both rates from three fits of different shapes', () => {
    const found = calibrate(tiny, manyRows, manyRatings);
    for (const key of Object.keys(device) as (keyof FitCalibration)[]) {
      expect(found[key] / device[key], key).toBeCloseTo(1, 3);
    }
  });

  it('predicts a larger fit from the calibration (rows and ratings scale apart)', () => {
    const found = calibrate(tiny, manyRows, manyRatings);
    const shape = { users: 162_541, items: 59_047, nnz: 5_000_000 };
    const settings = { ...DEFAULT_SETTINGS, iterations: 3 };
    const exact = estimateFitMs(device, shape, settings);
    expect(estimateFitMs(found, shape, settings) / exact).toBeCloseTo(1, 3);
    // Twice the iterations cost twice the iteration part: more than the first estimate, less than double it.
    const longer = estimateFitMs(found, shape, { ...settings, iterations: 6 });
    expect(longer).toBeGreaterThan(exact);
    expect(longer).toBeLessThan(2 * exact);
  });

  it('never estimates nothing when the timings are noise (the small fit slower than the large ones)', () => {
    const noisy = calibrate({ ...tiny, iterationMs: 50 }, { ...manyRows, iterationMs: 10 }, manyRatings);
    expect(noisy.msPerRowWork).toBeGreaterThan(0);
    expect(noisy.msPerRatingWork).toBeGreaterThan(0);
    expect(estimateFitMs(noisy, { users: 610, items: 9_724, nnz: 100_836 }, DEFAULT_SETTINGS)).toBeGreaterThan(0);
  });

  it('says the estimate in words no more precise than it is', () => {
    expect(formatEstimate(400)).toBe('under a second');
    expect(formatEstimate(2_600)).toBe('about 3 s');
    expect(formatEstimate(23_000)).toBe('about 25 s');
    expect(formatEstimate(150_000)).toBe('about 3 min');
  });
});
