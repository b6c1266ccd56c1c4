/**
 * Random train/test split of the stored ratings, with implicit v0.7's semantics (`implicit/evaluation.pyx`):
 *
 *     random_index = random_state.random(len(ratings.data))
 *     train_index = random_index < train_percentage
 *     test_index = random_index >= train_percentage
 *     ...
 *     test.data[test.data < 0] = 0
 *     test.eliminate_zeros()
 *
 * So each stored rating goes to train independently with probability `train_percentage` (the train share is about,
 * not exactly, that fraction), and the test side drops non-positive values. Our uniform stream comes from our own
 * seeded PRNG (mulberry32, ../data/random.ts), so a seed gives the same split every time here but not the same split
 * as numpy would.
 */
import type { SizedCsr } from './matrix';
import { mulberry32 } from '../data/random';

/** The two halves of a split; both have the input's shape. */
export interface TrainTestSplit {
  train: SizedCsr;
  test: SizedCsr;
}

/**
 * Splits the stored entries of a users x items CSR into train (probability `trainPercentage`) and test, in linear
 * time. Indices stay ascending within rows because rows are copied in order.
 */
export function trainTestSplit(ratings: SizedCsr, trainPercentage = 0.8, seed = 0): TrainTestSplit {
  if (!(trainPercentage >= 0 && trainPercentage <= 1)) {
    throw new RangeError(`trainPercentage must lie in [0, 1], got ${trainPercentage}`);
  }
  const { indptr, indices, values, rows, columns } = ratings;
  const stored = indptr[rows] - indptr[0];
  const uniform = mulberry32(seed);
  // One draw per stored entry in row-major order, as implicit draws one per entry of `ratings.tocoo()`.
  const toTrain = new Uint8Array(stored);
  const trainIndptr = new Int32Array(rows + 1);
  const testIndptr = new Int32Array(rows + 1);
  for (let row = 0; row < rows; row++) {
    let trainInRow = 0;
    let testInRow = 0;
    for (let entry = indptr[row]; entry < indptr[row + 1]; entry++) {
      if (uniform() < trainPercentage) {
        toTrain[entry - indptr[0]] = 1;
        trainInRow++;
      } else if (!(values[entry] <= 0)) {
        // implicit zeroes negative test values and eliminates zeros: only values > 0 (or NaN) survive in test.
        testInRow++;
      }
    }
    trainIndptr[row + 1] = trainIndptr[row] + trainInRow;
    testIndptr[row + 1] = testIndptr[row] + testInRow;
  }
  const train = allocate(trainIndptr, rows, columns);
  const test = allocate(testIndptr, rows, columns);
  let trainAt = 0;
  let testAt = 0;
  for (let entry = indptr[0]; entry < indptr[rows]; entry++) {
    if (toTrain[entry - indptr[0]] === 1) {
      train.indices[trainAt] = indices[entry];
      train.values[trainAt++] = values[entry];
    } else if (!(values[entry] <= 0)) {
      test.indices[testAt] = indices[entry];
      test.values[testAt++] = values[entry];
    }
  }
  return { train, test };
}

function allocate(indptr: Int32Array, rows: number, columns: number): SizedCsr {
  const stored = indptr[rows];
  return { indptr, indices: new Int32Array(stored), values: new Float32Array(stored), rows, columns };
}
