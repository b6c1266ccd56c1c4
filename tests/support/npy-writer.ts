/**
 * A tiny .npy writer for tests, following numpy/lib/format.py: magic, version, little-endian header length, a
 * Python-dict header padded so the data starts on a 64-byte boundary, then the values.
 */

/** How to write: format version, dtype, memory order. */
export interface NpyOptions {
  version?: 1 | 2;
  dtype?: '<f4' | '<f8' | '>f4' | '<i8';
  fortran?: boolean;
}

/** Writes a .npy file of `values` (given in C order) with the given shape. */
export function npy(
  values: number[],
  shape: number[],
  { version = 1, dtype = '<f4', fortran = false }: NpyOptions = {},
) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
  header += ' '.repeat(63 - ((prefix + header.length) % 64)) + '\n';
  const size = dtype.endsWith('8') ? 8 : 4;
  const out = new Uint8Array(prefix + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  let order = values;
  if (fortran && shape.length === 2) {
    const [rows, cols] = shape;
    order = [];
    for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) order.push(values[r * cols + c]);
  }
  const at = prefix + header.length;
  order.forEach((value, i) => {
    if (dtype === '<f4') view.setFloat32(at + i * 4, value, true);
    else if (dtype === '>f4') view.setFloat32(at + i * 4, value, false);
    else if (dtype === '<f8') view.setFloat64(at + i * 8, value, true);
    else view.setBigInt64(at + i * 8, BigInt(value), true);
  });
  return out;
}
