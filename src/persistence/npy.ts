/**
 * NumPy's .npy (format versions 1, 2 and 3; numpy/lib/format.py) and .npz (a zip of .npy files, as np.savez
 * writes it, stored or deflated), for floating-point and integer arrays in either byte order and either memory
 * order. Enough to read what Python `implicit` saves with `model.save(path)` (recommender_base.py: np.savez of
 * user_factors, item_factors and the hyperparameters as 0-d arrays).
 */
import { unzipSync } from 'fflate';
import { FormatError } from './container.ts';

/** One array: its values as float64 (C order), its shape and the dtype it was stored as. */
export interface NpyArray {
  shape: number[];
  dtype: string;
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Element readers by dtype kind and size (DataView methods). */
const READERS: Record<string, (view: DataView, at: number, little: boolean) => number> = {
  f4: (v, at, le) => v.getFloat32(at, le),
  f8: (v, at, le) => v.getFloat64(at, le),
  i4: (v, at, le) => v.getInt32(at, le),
  i8: (v, at, le) => Number(v.getBigInt64(at, le)),
  u4: (v, at, le) => v.getUint32(at, le),
  i2: (v, at, le) => v.getInt16(at, le),
  u1: (v, at) => v.getUint8(at),
  b1: (v, at) => v.getUint8(at),
};

/** Parses one .npy file; `name` names it in error messages. */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new FormatError(`${name} is not a NumPy .npy array.`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new FormatError(`${name} has an unsupported .npy version (${major}).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerStart + headerLength > bytes.length) throw new FormatError(`${name} is cut short (in its header).`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength),
  );
  const descr = /'descr'\s*:\s*'([<>|=])([a-z])(\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new FormatError(`${name} has a .npy header we cannot read.`);
  const [, order, kind, size] = descr;
  const read = READERS[`${kind}${size}`];
  if (!read) throw new FormatError(`${name} holds ${kind}${size} values; only numbers (float32/64, ints) can be read.`);
  const shape = shapeText[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const itemBytes = Number(size);
  const dataStart = headerStart + headerLength;
  if (dataStart + count * itemBytes > bytes.length) {
    throw new FormatError(`${name} is cut short: its header promises ${count} values.`);
  }
  const little = order !== '>';
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, dataStart + i * itemBytes, little);
  const out = { shape, dtype: `${kind}${size}`, data };
  return fortran[1] === 'True' && shape.length === 2 ? toCOrder(out) : out;
}

/** A 2-d Fortran-order (column-major) array copied into C order. */
function toCOrder(array: NpyArray): NpyArray {
  const [rows, cols] = array.shape;
  const data = new Float64Array(array.data.length);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) data[r * cols + c] = array.data[c * rows + r];
  return { ...array, data };
}

/** Parses a .npz: every member .npy by its name without ".npy". Members of unsupported dtypes are left out. */
export function parseNpz(bytes: Uint8Array, name: string): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new FormatError(`${name} is not a NumPy .npz file (it is not a readable zip).`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [member, content] of Object.entries(files)) {
    if (!member.endsWith('.npy')) continue;
    try {
      arrays.set(member.slice(0, -4), parseNpy(content, `${name}/${member}`));
    } catch (error) {
      // Only the factor matrices are required; an exotic extra (e.g. a string array) is not the person's problem.
      if (/_factors$/.test(member.slice(0, -4))) throw error;
    }
  }
  return arrays;
}
