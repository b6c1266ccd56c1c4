/**
 * A trained model as one container ("MRQMODEL"): factor matrices (row stride as in the engine), the dataset's id
 * maps (so a file can be matched to any loading of the same data), settings, timings, loss history, run info and
 * metrics when present. That is the exported file. IndexedDB keeps a model in two parts (modelPartsBytes): the same
 * container without the user factors, which a reload reads first (the wall needs only the item factors), then the
 * user factors ("MRQMUSER").
 */
import type { Dataset } from '../data/types.ts';
import { DEFAULT_SETTINGS, type Model } from '../engine/api.ts';
import { containerBytes, FormatError, packContainer, unpackContainer, type ContainerBytes } from './container.ts';

/** Magic of a packed model (and of an exported .marquee-model file). */
export const MODEL_MAGIC = 'MRQMODEL';
/** Magic of a saved model's user factors, kept apart from the rest (modelPartsBytes). */
export const USER_FACTORS_MAGIC = 'MRQMUSER';
/** Version of the model layout; older records need retraining or a migration in migrateModelHeader. */
export const MODEL_VERSION = 1;

/** A model as read from a container, with the id maps it was trained with. */
export interface PackedModel {
  model: Model;
  userIds: Int32Array;
  itemIds: Int32Array;
  /** Name of the dataset it was trained on. */
  datasetName: string;
}

/** A model the app cannot use without retraining (saved by an older layout), with a message for people. */
export class RetrainNeeded extends FormatError {
  override name = 'RetrainNeeded';
}

/** Packs a model with its dataset's id maps, in slices. */
export function packModel(model: Model, dataset: Pick<Dataset, 'userIds' | 'itemIds' | 'name'>): Promise<ArrayBuffer> {
  const { header, userFactors, itemFactors } = modelHeader(model, dataset);
  return packContainer(MODEL_MAGIC, header, {
    userFactors,
    itemFactors,
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
  });
}

/**
 * A model as IndexedDB keeps it: `head`, a model container whose user factors are kept apart (`userFactorsApart` in
 * its header), and `rest`, those user factors; as bytes made from the model's arrays while they are written (the
 * store writes them chunk by chunk: no packed copy of the model, 72 MB at ml-32m).
 */
export function modelPartsBytes(
  model: Model,
  dataset: Pick<Dataset, 'userIds' | 'itemIds' | 'name'>,
): { head: ContainerBytes; rest: ContainerBytes } {
  const { header, userFactors, itemFactors } = modelHeader(model, dataset);
  const head = containerBytes(
    MODEL_MAGIC,
    { ...header, userFactorsApart: true },
    { itemFactors, userIds: dataset.userIds, itemIds: dataset.itemIds },
  );
  const rest = containerBytes(USER_FACTORS_MAGIC, { users: model.users, stride: model.stride }, { userFactors });
  return { head, rest };
}

/** A model's header fields and its factor matrices; throws while its user factors are still being read. */
function modelHeader(
  model: Model,
  dataset: Pick<Dataset, 'name'>,
): { header: Record<string, unknown>; userFactors: Float32Array; itemFactors: Float32Array } {
  const { userFactors, itemFactors, ...rest } = model;
  if (userFactors.length !== model.users * model.stride) throw new Error('its user factors are still being read');
  return { header: { ...rest, modelVersion: MODEL_VERSION, datasetName: dataset.name }, userFactors, itemFactors };
}

/**
 * Brings an older header up to MODEL_VERSION, or throws RetrainNeeded. Version 0 (no version field: the factors
 * were kept unpadded by the first prototype) cannot be read; add a step here for each future bump.
 */
export function migrateModelHeader(header: Record<string, unknown>, what: string): Record<string, unknown> {
  const version = typeof header.modelVersion === 'number' ? header.modelVersion : 0;
  if (version > MODEL_VERSION) {
    throw new FormatError(`${what} was saved by a newer version of Marquee; reload the page to update.`);
  }
  if (version < 1) {
    throw new RetrainNeeded(`${what} was saved by an older version of Marquee and cannot be used: retrain needed.`);
  }
  return header;
}

/** Reads a packed model; `what` names it in messages ("This model file", "The saved model"). */
export async function unpackModel(buffer: ArrayBuffer, what: string): Promise<PackedModel> {
  // The factors go to the query worker (and the map's): shared where the page can share memory.
  const unpacked = await unpackContainer(buffer, MODEL_MAGIC, what, ['userFactors', 'itemFactors']);
  const header = migrateModelHeader(unpacked.header, what);
  const get = <T>(name: string, type: new (n: number) => T): T => {
    const array = unpacked.sections.get(name);
    if (!(array instanceof type)) throw new FormatError(`${what} is damaged (no ${name}).`);
    return array;
  };
  // A saved model's head keeps its user factors apart: empty until `userFactorsOf` reads them.
  const apart = header.userFactorsApart === true;
  const userFactors = apart ? new Float32Array(0) : get('userFactors', Float32Array);
  const itemFactors = get('itemFactors', Float32Array);
  const userIds = get('userIds', Int32Array);
  const itemIds = get('itemIds', Int32Array);
  const users = Number(header.users);
  const items = Number(header.items);
  const stride = Number(header.stride);
  const factors = Number(header.factors);
  if (
    users !== userIds.length ||
    items !== itemIds.length ||
    !(factors >= 1 && stride >= factors) ||
    (!apart && userFactors.length !== users * stride) ||
    itemFactors.length !== items * stride
  ) {
    throw new FormatError(`${what} is damaged (its factor matrices do not match its sizes).`);
  }
  delete header.userFactorsApart;
  const model: Model = {
    users,
    items,
    factors,
    stride,
    userFactors,
    itemFactors,
    settings: { ...DEFAULT_SETTINGS, ...(header.settings as object), factors },
    trainMs: Number(header.trainMs ?? 0),
    phaseMs: (header.phaseMs as Model['phaseMs']) ?? { setup: 0, gram: 0, solveUsers: 0, solveItems: 0, loss: 0 },
    lossHistory: Array.isArray(header.lossHistory) ? (header.lossHistory as number[]) : [],
    run: (header.run as Model['run']) ?? { workers: 1, memory: 'copy', simd: 'simd' },
  };
  // Metrics ride along when the model has them.
  if (header.metrics !== undefined) Object.assign(model, { metrics: header.metrics });
  return { model, userIds, itemIds, datasetName: String(header.datasetName ?? '') };
}

/**
 * The user factors a saved model's head kept apart, read from `buffer`, in the rows of `dataset` (as modelForDataset
 * puts them).
 */
export async function userFactorsOf(
  packed: PackedModel,
  buffer: ArrayBuffer,
  dataset: Pick<Dataset, 'userIds'>,
): Promise<Float32Array> {
  const what = 'The saved model';
  const { header, sections } = await unpackContainer(buffer, USER_FACTORS_MAGIC, what, ['userFactors']);
  const { users, stride } = packed.model;
  const userFactors = sections.get('userFactors');
  if (
    !(userFactors instanceof Float32Array) ||
    header.users !== users ||
    header.stride !== stride ||
    userFactors.length !== users * stride
  ) {
    throw new FormatError(`${what} is damaged (its user factors do not match it).`);
  }
  return alignRows(userFactors, stride, packed.userIds, dataset.userIds, 'users');
}

/**
 * Reorders factor rows from the ids they were saved with to the dataset's order, or explains the mismatch. Rows are
 * matched by MovieLens id, so a file fits any loading of the same ratings.
 */
export function alignRows(
  factors: Float32Array,
  stride: number,
  fromIds: Int32Array,
  toIds: Int32Array,
  noun: 'users' | 'movies',
): Float32Array {
  if (fromIds.length !== toIds.length) {
    throw new FormatError(
      `The model has ${fromIds.length.toLocaleString('en-US')} ${noun}, the loaded dataset ${toIds.length.toLocaleString('en-US')}: it was trained on other ratings.`,
    );
  }
  let same = true;
  for (let i = 0; i < toIds.length && same; i++) same = fromIds[i] === toIds[i];
  if (same) return factors;
  const rowOf = new Map<number, number>();
  fromIds.forEach((id, row) => rowOf.set(id, row));
  const out = new Float32Array(factors.length);
  let missing = 0;
  for (let i = 0; i < toIds.length; i++) {
    const row = rowOf.get(toIds[i]);
    if (row === undefined) missing++;
    else out.set(factors.subarray(row * stride, (row + 1) * stride), i * stride);
  }
  if (missing > 0) {
    throw new FormatError(
      `${missing.toLocaleString('en-US')} ${noun} of the loaded dataset are not in the model: it was trained on other ratings.`,
    );
  }
  return out;
}

/** The model of a packed file, rows put in the order of `dataset` (which must hold the same users and movies). */
export function modelForDataset(packed: PackedModel, dataset: Pick<Dataset, 'userIds' | 'itemIds'>): Model {
  const { model } = packed;
  // User factors kept apart (still empty) are put in order when they are read (userFactorsOf): only the ids are
  // checked now (rows of stride 0).
  const apart = model.userFactors.length === 0 && model.users > 0;
  const userFactors = alignRows(model.userFactors, apart ? 0 : model.stride, packed.userIds, dataset.userIds, 'users');
  return {
    ...model,
    userFactors,
    itemFactors: alignRows(model.itemFactors, model.stride, packed.itemIds, dataset.itemIds, 'movies'),
  };
}

/** "ml-latest-small-2026-11-27.marquee": the dataset's name and the date, safe as a file name. */
export function modelFileName(datasetName: string, createdAt: number): string {
  const base =
    datasetName
      .replace(/\(.*\)/g, '')
      .trim()
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model';
  return `${base}-${new Date(createdAt).toISOString().slice(0, 10)}.marquee`;
}
