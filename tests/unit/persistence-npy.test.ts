/**
 * NumPy .npy/.npz reading and implicit's saved factors, against arrays the tests write themselves (a tiny .npy writer
 * following numpy/lib/format.py: magic, version, little-endian header length, a padded Python-dict header, data).
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import type { Dataset } from '../../src/data/types.ts';
import { importModel, modelFromNpz } from '../../src/persistence/import-model.ts';
import { parseNpy, parseNpz } from '../../src/persistence/npy.ts';
import { npy, type NpyOptions } from '../support/npy-writer.ts';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

/** 3 users (10, 20, 30) x 3 movies (1, 2, 3). */
async function dataset(): Promise<Dataset> {
  const result = await new Reader().load([
    csv('ratings.csv', 'userId,movieId,rating,timestamp\n10,1,4,1\n10,2,3,1\n20,2,5,1\n20,3,2,1\n30,1,1,1\n'),
  ]);
  return result.dataset!;
}

describe('.npy', () => {
  const values = [0.5, -1.25, 3, 4.75, 1e-3, 6];
  it.each([
    ['v1 float32', { version: 1, dtype: '<f4' }],
    ['v2 float32', { version: 2, dtype: '<f4' }],
    ['v1 float64', { version: 1, dtype: '<f8' }],
    ['big-endian float32', { version: 1, dtype: '>f4' }],
    ['Fortran order', { version: 1, dtype: '<f8', fortran: true }],
  ] as [string, NpyOptions][])('reads %s', (_, options) => {
    const array = parseNpy(npy(values, [2, 3], options), 'a.npy');
    expect(array.shape).toEqual([2, 3]);
    expect([...array.data].map((v) => Math.fround(v))).toEqual(values.map((v) => Math.fround(v)));
  });

  it('reads 1-d and 0-d arrays (implicit saves hyperparameters as 0-d)', () => {
    expect(parseNpy(npy([7, 8], [2], { dtype: '<i8' }), 'ids.npy').data).toEqual(Float64Array.of(7, 8));
    expect(parseNpy(npy([0.1], [], { dtype: '<f8' }), 'reg.npy')).toMatchObject({
      shape: [],
      data: Float64Array.of(0.1),
    });
  });

  it('refuses what is not a .npy, and a cut one, with the file named', () => {
    expect(() => parseNpy(new TextEncoder().encode('hello world!'), 'x.npy')).toThrow(/x.npy is not a NumPy/);
    const cut = npy(values, [2, 3]).subarray(0, 70);
    expect(() => parseNpy(cut, 'y.npy')).toThrow(/y.npy is cut short/);
  });
});

describe('implicit .npz', () => {
  const userValues = Array.from({ length: 3 * 5 }, (_, i) => Math.fround(i * 0.1 - 0.7));
  const itemValues = Array.from({ length: 3 * 5 }, (_, i) => Math.fround(Math.cos(i)));
  const npz = (files: Record<string, Uint8Array>, level: 0 | 6 = 0) => zipSync(files, { level });

  it('imports user and item factors (stored or deflated), padded to the engine stride', async () => {
    const data = await dataset();
    for (const level of [0, 6] as const) {
      const bytes = npz(
        {
          'user_factors.npy': npy(userValues, [3, 5]),
          'item_factors.npy': npy(itemValues, [3, 5]),
          'regularization.npy': npy([0.05], [], { dtype: '<f8' }),
        },
        level,
      );
      const model = await importModel(bytes.slice().buffer, 'model.npz', data);
      expect(model).toMatchObject({ users: 3, items: 3, factors: 5, stride: 8 });
      expect(model.settings.regularization).toBe(0.05);
      expect([...model.itemFactors.subarray(8, 16)]).toEqual([...itemValues.slice(5, 10), 0, 0, 0]);
      expect([...model.userFactors.subarray(16, 21)]).toEqual(userValues.slice(10, 15));
    }
  });

  it('follows item_ids when the file has them', async () => {
    const data = await dataset();
    const arrays = parseNpz(
      npz({
        'user_factors.npy': npy(userValues, [3, 5]),
        'item_factors.npy': npy(itemValues, [3, 5]),
        'item_ids.npy': npy([3, 2, 1], [3], { dtype: '<i8' }),
      }),
      'm.npz',
    );
    const model = modelFromNpz(arrays, 'm.npz', data);
    // Movie 1 is the file's last row.
    expect([...model.itemFactors.subarray(0, 5)]).toEqual(itemValues.slice(10, 15));
  });

  it('explains shape mismatches and missing arrays', async () => {
    const data = await dataset();
    const wrongRows = npz({ 'user_factors.npy': npy(userValues, [3, 5]), 'item_factors.npy': npy(itemValues, [5, 3]) });
    await expect(importModel(wrongRows.slice().buffer, 'm.npz', data)).rejects.toThrow(/5 columns but item_factors 3/);
    const fewer = npz({
      'user_factors.npy': npy(userValues.slice(0, 10), [2, 5]),
      'item_factors.npy': npy(itemValues, [3, 5]),
    });
    await expect(importModel(fewer.slice().buffer, 'm.npz', data)).rejects.toThrow(
      /factors for 2 users, but the loaded dataset has 3/,
    );
    const none = npz({ 'other.npy': npy([1], [1]) });
    await expect(importModel(none.slice().buffer, 'm.npz', data)).rejects.toThrow(/no user_factors and item_factors/);
    await expect(importModel(new Uint8Array([0x50, 0x4b, 1, 2]).buffer, 'bad.npz', data)).rejects.toThrow(
      /not a NumPy .npz/,
    );
  });
});
