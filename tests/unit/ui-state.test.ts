/** Pure UI state logic: status wording, model reuse across catalogue reloads, starting points, combobox keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  datasetSummary,
  describeSkipped,
  formatCompact,
  formatCount,
  formatSeconds,
  plural,
} from '../../src/state/format.ts';
import { sameRatings } from '../../src/state/sameRatings.ts';
import { SearchState, type TitleIndexBuilder } from '../../src/state/search.svelte.ts';
import { buildTitleIndexData, type TitleIndexData } from '../../src/search/title-index.ts';
import { settingsProblems } from '../../src/state/training.svelte.ts';
import { topByCount } from '../../src/state/topByCount.ts';
import { DEFAULT_SETTINGS, TUTORIAL_SETTINGS } from '../../src/engine/api.ts';
import type { Dataset } from '../../src/data/types.ts';

describe('status wording', () => {
  it('states the ml-latest-small summary exactly as the interface promises', () => {
    expect(datasetSummary({ users: 610, items: 9724, nnz: 100836 })).toBe('610 users · 9,724 movies · 100,836 ratings');
  });
  it('uses the singular for one', () => {
    expect(datasetSummary({ users: 1, items: 1, nnz: 1 })).toBe('1 user · 1 movie · 1 rating');
    expect(plural(1234567, 'row')).toBe('1,234,567 rows');
  });
  it('groups counts exactly as Intl.NumberFormat en-US does', () => {
    const intl = new Intl.NumberFormat('en-US');
    for (const count of [0, 7, 999, 1000, 100_836, -1234, 32_000_204, 2.5, 1234.5678, Infinity, NaN]) {
      expect(formatCount(count)).toBe(intl.format(count));
    }
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (count) => {
        expect(formatCount(count)).toBe(intl.format(count));
      }),
    );
  });
  it('writes compact counts exactly as Intl.NumberFormat en-US compact does', () => {
    const intl = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
    const edges = [0, 5, 999, 1000, 1049, 1050, 1150, 9950, 99_949, 99_950, 999_949, 999_950, 999_999, 1e6, 1_250_000];
    for (const count of [...edges, 999_950_000, 1e12, 999_949_999_999_999, 999_950_000_000_000, 1e15, 12.34, -5, NaN]) {
      expect(formatCompact(count)).toBe(intl.format(count));
    }
    // Every power of ten and the numbers around each, then integers of every size.
    for (let power = 0; power < 16; power++) {
      for (const delta of [-51, -50, -49, -1, 0, 1, 49, 50, 51]) {
        const count = Math.max(0, 10 ** power + delta * 10 ** Math.max(0, power - 4));
        expect(formatCompact(count), String(count)).toBe(intl.format(count));
      }
    }
    const sized = fc.integer({ min: 0, max: 15 }).chain((digits) => fc.integer({ min: 0, max: 10 ** digits - 1 }));
    fc.assert(
      fc.property(sized, (count) => {
        expect(formatCompact(count)).toBe(intl.format(count));
      }),
      { numRuns: 2000 },
    );
  });
  it('shows training time in seconds with two decimals', () => {
    expect(formatSeconds(312)).toBe('0.31 s');
    expect(formatSeconds(12_345)).toBe('12.35 s');
  });
  it('names the file, the count, the first lines and the reason of skipped rows', () => {
    const text = describeSkipped({
      file: 'ratings.csv',
      count: 7,
      firstLines: [5, 9, 12],
      firstReason: "rating 'abc' is not a number",
    });
    expect(text).toBe("ratings.csv: skipped 7 rows (lines 5, 9, 12, …): rating 'abc' is not a number.");
    expect(describeSkipped({ file: 'a.csv', count: 1, firstLines: [3], firstReason: '' })).toBe(
      'a.csv: skipped 1 row (line 3).',
    );
  });
});

describe('sameRatings', () => {
  const base = { users: 2, items: 3, nnz: 4, itemIds: Int32Array.of(1, 2, 3), userIds: Int32Array.of(7, 8) };
  it('keeps a model when only the catalogue object changed', () => {
    expect(sameRatings(base, { ...base, itemIds: Int32Array.of(1, 2, 3), userIds: Int32Array.of(7, 8) })).toBe(true);
  });
  it('drops it when items, users or counts differ', () => {
    expect(sameRatings(base, { ...base, itemIds: Int32Array.of(1, 3, 2) })).toBe(false);
    expect(sameRatings(base, { ...base, userIds: Int32Array.of(7, 9) })).toBe(false);
    expect(sameRatings(base, { ...base, nnz: 5 })).toBe(false);
  });
});

describe('topByCount', () => {
  it('agrees with a full sort on random counts (ties by lower index)', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 50; trial++) {
      const counts = Int32Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 10));
      const k = 1 + Math.floor(random() * 10);
      const expected = Array.from(counts.keys())
        .sort((a, b) => counts[b] - counts[a] || a - b)
        .slice(0, k);
      expect(topByCount(counts, k)).toEqual(expected);
    }
  });
});

describe('settingsProblems', () => {
  it('accepts both presets', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([]);
    expect(settingsProblems(TUTORIAL_SETTINGS)).toEqual([]);
  });
  it('explains each bad field', () => {
    const problems = settingsProblems({ ...DEFAULT_SETTINGS, factors: 2.5, iterations: 0, alpha: Number.NaN });
    expect(problems).toEqual([
      'Factors must be a whole number.',
      'Iterations must be between 1 and 500.',
      'Alpha needs a number.',
    ]);
  });
});

describe('SearchState (combobox keys)', () => {
  const titles = ['Toy Story (1995)', 'Toy Soldiers (1991)', 'Story of Us, The (1999)', 'Heat (1995)'];
  const dataset = {
    itemCounts: Int32Array.of(50, 5, 9, 30),
    catalog: { titles },
  } as unknown as Dataset;

  /** Builds here instead of in the worker (Node has no Worker); the state still only sees a promise. */
  const buildHere: TitleIndexBuilder = async (titles, popularity) => buildTitleIndexData(titles, popularity);
  /** A search box over `dataset` whose index is ready. */
  async function indexedSearch(): Promise<SearchState> {
    const search = new SearchState(() => dataset, buildHere);
    await search.indexTitles(dataset);
    return search;
  }

  it('opens on typing, wraps with the arrows, and picks the highlighted or the best suggestion', async () => {
    const search = await indexedSearch();
    search.type('toy');
    expect(search.expanded).toBe(true);
    expect(search.suggestions.length).toBe(2);
    expect(search.chosen()).toBe(search.suggestions[0]);
    search.move(1);
    expect(search.active).toBe(0);
    search.move(1);
    search.move(1);
    expect(search.active).toBe(0);
    search.move(-1);
    expect(search.active).toBe(1);
    expect(search.chosen()).toBe(search.suggestions[1]);
  });

  it('Escape-like close keeps the query; clear empties it; nothing is suggested for a blank query', async () => {
    const search = await indexedSearch();
    search.type('heat');
    search.close();
    expect(search.expanded).toBe(false);
    expect(search.query).toBe('heat');
    search.clear();
    expect(search.query).toBe('');
    search.type('   ');
    expect(search.suggestions).toEqual([]);
    expect(search.chosen()).toBeNull();
  });

  it('offers the most rated films as starting points', () => {
    expect(new SearchState(() => dataset, buildHere).popular.slice(0, 2)).toEqual([0, 3]);
  });

  it('suggests nothing while the index builds, and keeps the newest catalogue when an older build ends late', async () => {
    const other = { itemCounts: Int32Array.of(1, 2), catalog: { titles: ['Toy Box (2001)', 'Heat Wave (1990)'] } };
    const newer = other as unknown as Dataset;
    const finish = new Map<readonly string[], (data: TitleIndexData) => void>();
    const held: TitleIndexBuilder = (titles) => new Promise((resolve) => finish.set(titles, resolve));
    let current: Dataset = dataset;
    const search = new SearchState(() => current, held);

    const olderBuild = search.indexTitles(dataset);
    search.type('toy');
    expect(search.indexing).toBe(true);
    expect(search.suggestions).toEqual([]);
    expect(search.expanded).toBe(false);

    current = newer;
    const newerBuild = search.indexTitles(newer);
    finish.get(newer.catalog.titles)!(buildTitleIndexData(newer.catalog.titles, newer.itemCounts));
    await newerBuild;
    finish.get(titles)!(buildTitleIndexData(titles, dataset.itemCounts));
    await olderBuild;
    expect(search.indexing).toBe(false);
    expect(search.suggestions.map((item) => newer.catalog.titles[item])).toEqual(['Toy Box (2001)']);
    expect(search.expanded).toBe(true);
  });

  it('keeps its index for the same titles and counts (a reopened dataset whose ratings came later), not for others', async () => {
    let builds = 0;
    const counting: TitleIndexBuilder = async (titles, popularity) => {
      builds++;
      return buildTitleIndexData(titles, popularity);
    };
    let current: Dataset = dataset;
    const search = new SearchState(() => current, counting);
    await search.indexTitles(dataset);
    current = { ...dataset, itemCounts: dataset.itemCounts.slice() };
    await search.indexTitles(current);
    expect(builds).toBe(1);
    search.type('toy');
    expect(search.suggestions.length).toBe(2);
    const counts = dataset.itemCounts.slice();
    counts[0]++;
    current = { ...dataset, itemCounts: counts };
    await search.indexTitles(current);
    expect(builds).toBe(2);
  });

  it('says so when titles could not be indexed', async () => {
    const search = new SearchState(
      () => dataset,
      () => Promise.reject(new Error('out of memory')),
    );
    await search.indexTitles(dataset);
    expect(search.indexing).toBe(false);
    expect(search.indexProblem).toMatch(/could not be indexed for search \(out of memory\)/);
  });
});
