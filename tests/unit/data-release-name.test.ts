import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import { recogniseRelease, releaseName } from '../../src/data/release-name.ts';
import { movielensDir, movielensMissing } from '../support/movielens-dir.ts';

describe('releaseName', () => {
  it('recognises GroupLens releases by their published counts of ratings and users', () => {
    expect(recogniseRelease(100_836, 610)).toBe('ml-latest-small');
    expect(recogniseRelease(100_004, 671)).toBe('ml-latest-small (2016)');
    expect(recogniseRelease(100_000, 943)).toBe('ml-100k');
    expect(recogniseRelease(1_000_209, 6_040)).toBe('ml-1m');
    expect(recogniseRelease(10_000_054, 69_878)).toBe('ml-10m');
    expect(recogniseRelease(20_000_263, 138_493)).toBe('ml-20m');
    expect(recogniseRelease(25_000_095, 162_541)).toBe('ml-25m');
    expect(recogniseRelease(32_000_204, 200_948)).toBe('ml-32m');
  });

  it('does not guess from one count alone', () => {
    expect(recogniseRelease(100_836, 611)).toBeNull();
    expect(recogniseRelease(100_835, 610)).toBeNull();
  });

  it('falls back to the zip name, then the file with its users', () => {
    const subset = { file: 'ratings.csv', ratings: 5_000, users: 42 };
    expect(releaseName({ ...subset, fromZip: 'my-ratings' })).toBe('my-ratings');
    expect(releaseName({ ...subset, fromZip: null })).toBe('ratings.csv (42 users)');
    expect(releaseName({ ...subset, file: 'u.data', fromZip: null, users: 1_234 })).toBe('u.data (1,234 users)');
  });

  it('names loose files by the release, and keeps the name a zip (or a saved or renamed dataset) carries', () => {
    const small = { file: 'ratings.csv', ratings: 100_836, users: 610 };
    expect(releaseName({ ...small, fromZip: null })).toBe('ml-latest-small');
    expect(releaseName({ ...small, fromZip: 'My films' })).toBe('My films');
  });
});

const dataDir = movielensDir();
if (!dataDir) console.log(`data-release-name: real files skipped. ${movielensMissing}`);

describe.skipIf(!dataDir)('names of the real releases read as loose files', () => {
  it.each([
    ['ml-latest-small', 'ratings.csv', 'ml-latest-small'],
    ['ml-latest-small-2016', 'ratings.csv', 'ml-latest-small (2016)'],
    ['ml-100k', 'u.data', 'ml-100k'],
  ])('%s/%s is called %s', async (folder, file, expected) => {
    const files = [new File([readFileSync(join(dataDir!, folder, file))], file)];
    const result = await new Reader().load(files);
    expect(result.dataset?.name).toBe(expected);
  });
});
