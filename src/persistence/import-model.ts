/**
 * Reads a model file a person picked: our own export (MRQMODEL, matched to the loaded dataset by ids) or the .npz
 * that Python `implicit` writes with `model.save()` (user_factors, item_factors; rows in the loaded dataset's
 * order, i.e. users and movies by ascending MovieLens id, or by optional `user_ids` / `item_ids` arrays).
 */
import type { Dataset } from '../data/types.ts';
import { DEFAULT_SETTINGS, type Model } from '../engine/api.ts';
import { FormatError, magicOf } from './container.ts';
import { alignRows, MODEL_MAGIC, modelForDataset, unpackModel } from './model-codec.ts';
import { parseNpz, type NpyArray } from './npy.ts';

/** Rows of factor matrices are padded to a multiple of this many floats (the engine's stride rule). */
const STRIDE_MULTIPLE = 8;

/** A model from a file's bytes, rows in `dataset`'s order; throws FormatError with a message for people. */
export async function importModel(bytes: ArrayBuffer, fileName: string, dataset: Dataset): Promise<Model> {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (magicOf(bytes) === MODEL_MAGIC) {
    return modelForDataset(await unpackModel(bytes, fileName), dataset);
  }
  if (head[0] === 0x50 && head[1] === 0x4b)
    return modelFromNpz(parseNpz(new Uint8Array(bytes), fileName), fileName, dataset);
  throw new FormatError(
    `${fileName} is neither a Marquee model (.marquee) nor a NumPy .npz saved by implicit: pick one of those.`,
  );
}

/** Builds a model from implicit's arrays, checking shapes against the dataset. */
export function modelFromNpz(arrays: Map<string, NpyArray>, fileName: string, dataset: Dataset): Model {
  const userArray = arrays.get('user_factors');
  const itemArray = arrays.get('item_factors');
  if (!userArray || !itemArray) {
    throw new FormatError(
      `${fileName} has no user_factors and item_factors arrays (found: ${[...arrays.keys()].join(', ') || 'none'}).`,
    );
  }
  if (userArray.shape.length !== 2 || itemArray.shape.length !== 2) {
    throw new FormatError(`${fileName}: user_factors and item_factors must be 2-d matrices.`);
  }
  const [userRows, factors] = userArray.shape;
  const [itemRows, itemFactorCount] = itemArray.shape;
  if (factors !== itemFactorCount || factors < 1) {
    throw new FormatError(`${fileName}: user_factors has ${factors} columns but item_factors ${itemFactorCount}.`);
  }
  if (userRows === dataset.items && itemRows === dataset.users && userRows !== itemRows) {
    throw new FormatError(
      `${fileName}: user and item factors look swapped (implicit before 0.5 was fitted on items x users); swap them and save again.`,
    );
  }
  const stride = Math.ceil(factors / STRIDE_MULTIPLE) * STRIDE_MULTIPLE;
  const userIds = idsOf(arrays.get('user_ids'), userRows, dataset.userIds, fileName, 'users', dataset.users);
  const itemIds = idsOf(arrays.get('item_ids'), itemRows, dataset.itemIds, fileName, 'movies', dataset.items);
  const scalar = (name: string, fallback: number): number => {
    const array = arrays.get(name);
    return array && array.data.length === 1 && Number.isFinite(array.data[0]) ? array.data[0] : fallback;
  };
  return {
    users: userRows,
    items: itemRows,
    factors,
    stride,
    userFactors: alignRows(padded(userArray, stride), stride, userIds, dataset.userIds, 'users'),
    itemFactors: alignRows(padded(itemArray, stride), stride, itemIds, dataset.itemIds, 'movies'),
    settings: {
      ...DEFAULT_SETTINGS,
      factors,
      iterations: scalar('iterations', DEFAULT_SETTINGS.iterations),
      regularization: scalar('regularization', DEFAULT_SETTINGS.regularization),
      alpha: scalar('alpha', DEFAULT_SETTINGS.alpha),
    },
    trainMs: 0,
    phaseMs: { setup: 0, gram: 0, solveUsers: 0, solveItems: 0, loss: 0 },
    lossHistory: [],
    run: { workers: 1, memory: 'copy', simd: 'simd' },
  };
}

/** The ids of the rows: the file's own id array, or the loaded dataset's order when the row count matches. */
function idsOf(
  array: NpyArray | undefined,
  rows: number,
  datasetIds: Int32Array,
  fileName: string,
  noun: 'users' | 'movies',
  expected: number,
): Int32Array {
  if (array) {
    if (array.data.length !== rows) throw new FormatError(`${fileName}: ${noun} ids do not match the factor rows.`);
    return Int32Array.from(array.data);
  }
  if (rows !== expected) {
    throw new FormatError(
      `${fileName} has factors for ${rows.toLocaleString('en-US')} ${noun}, but the loaded dataset has ${expected.toLocaleString('en-US')}: load the ratings it was trained on.`,
    );
  }
  return datasetIds;
}

/** A C-order float matrix as float32 rows padded to `stride`. */
function padded(array: NpyArray, stride: number): Float32Array {
  const [rows, cols] = array.shape;
  const out = new Float32Array(rows * stride);
  for (let r = 0; r < rows; r++) out.set(array.data.subarray(r * cols, (r + 1) * cols), r * stride);
  return out;
}
