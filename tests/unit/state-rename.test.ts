import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import { readLikes, writeLikes } from '../../src/state/likes-store.ts';
import { carryLikes, MAX_DATASET_NAME, renamedDataset } from '../../src/state/rename.ts';

/** An in-memory Storage. */
function memoryStorage(): Storage {
  const entries = new Map<string, string>();
  return {
    get length() {
      return entries.size;
    },
    clear: () => entries.clear(),
    getItem: (key) => entries.get(key) ?? null,
    key: (index) => [...entries.keys()][index] ?? null,
    removeItem: (key) => void entries.delete(key),
    setItem: (key, value) => void entries.set(key, value),
  };
}

describe('renaming the loaded dataset', async () => {
  const dataset = (await new Reader().loadSample(1)).dataset!;

  it('keeps the ratings (the same arrays) under the new name, tidied', () => {
    const renamed = renamedDataset(dataset, '  My   films ');
    if (typeof renamed === 'string') throw new Error(renamed);
    expect(renamed.name).toBe('My films');
    expect(renamed.userItems).toBe(dataset.userItems);
    expect(renamed.catalog).toBe(dataset.catalog);
    expect(dataset.name).not.toBe('My films');
  });

  it('refuses a blank or overlong name with a message', () => {
    expect(renamedDataset(dataset, '   ')).toMatch(/at least one letter/);
    expect(renamedDataset(dataset, 'x'.repeat(MAX_DATASET_NAME + 1))).toMatch(/under 80 characters/);
  });

  it('carries the likes over to the new name, never over likes already there', () => {
    const storage = memoryStorage();
    writeLikes(storage, 'ml-latest-small', [{ movieId: 1, stars: 4 }]);
    carryLikes(storage, 'ml-latest-small', 'My films');
    expect(readLikes(storage, 'My films')).toEqual([{ movieId: 1, stars: 4 }]);
    writeLikes(storage, 'Other', [{ movieId: 2, stars: null }]);
    carryLikes(storage, 'ml-latest-small', 'Other');
    expect(readLikes(storage, 'Other')).toEqual([{ movieId: 2, stars: null }]);
    carryLikes(null, 'a', 'b');
  });
});
