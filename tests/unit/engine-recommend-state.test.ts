// The state around personal recommendations: likes kept per dataset with a version field, the walls' filter mask,
// and what the "For you" walls ask the engine (which items, which ratings; walls.svelte.ts builds the question)
// and what ForYouState makes of its answer.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.ts';
import { DEFAULT_SETTINGS, type Model, type PersonalRanked, type Ranked } from '../../src/engine/api.ts';
import { FilterState } from '../../src/state/filters.svelte.ts';
import { BECAUSE_COUNT, ForYouState, LIKE_RATING } from '../../src/state/foryou.svelte.ts';
import { likesKey, readLikes, writeLikes } from '../../src/state/likes-store.ts';
import { SelectionState } from '../../src/state/selection.svelte.ts';
import { WallQueries, type WallSources } from '../../src/state/walls.svelte.ts';
import type { Recommender } from '../../src/engine/recommender.ts';

/** The walls' questions over a trained stand-in engine (its settings weight ratings as they are). */
function wallsOf(dataset: Dataset, foryou: ForYouState, recommender: Partial<Recommender>): WallQueries {
  const model = { settings: { ...DEFAULT_SETTINGS, feedback: 'rating' } } as Model;
  return new WallQueries({
    training: { model, recommender: { pattern: dataset, ...recommender } },
    data: { dataset },
    selection: new SelectionState(() => dataset),
    search: { popular: [] },
    filters: new FilterState(() => dataset),
    foryou,
  } as unknown as WallSources);
}

/** An in-memory Storage. */
function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

/** Four films: movieIds 10, 20, 30, 40; two users (userIds 5 and 6). */
function tinyDataset(name = 'tiny'): Dataset {
  return {
    name,
    synthetic: false,
    users: 2,
    items: 4,
    nnz: 3,
    userIds: Int32Array.of(5, 6),
    itemIds: Int32Array.of(10, 20, 30, 40),
    userItems: { indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 2, 1), values: Float32Array.of(4, 3, 5) },
    itemUsers: {
      indptr: Int32Array.of(0, 1, 2, 3, 3),
      indices: Int32Array.of(0, 1, 0),
      values: Float32Array.of(4, 5, 3),
    },
    itemCounts: Int32Array.of(1, 1, 1, 0),
    catalog: {
      titles: ['A (1990)', 'B (2001)', 'C', 'D (1995)'],
      years: Int16Array.of(1990, 2001, 0, 1995),
      genres: [['Animation', 'Children'], ['Action'], ['Animation'], ['Drama', 'Children']],
      posterPaths: ['', '', '', ''],
      imdbIds: new Int32Array(4),
      tmdbIds: new Int32Array(4),
      tags: [[], [], [], []],
    },
  };
}

describe('likes in localStorage', () => {
  it('round-trips likes under a per-dataset key with a version', () => {
    const storage = memoryStorage();
    expect(
      writeLikes(storage, 'ml', [
        { movieId: 1, stars: 4.5 },
        { movieId: 2, stars: null },
      ]),
    ).toBeNull();
    expect(JSON.parse(storage.data.get(likesKey('ml'))!).version).toBe(1);
    expect(readLikes(storage, 'ml')).toEqual([
      { movieId: 1, stars: 4.5 },
      { movieId: 2, stars: null },
    ]);
    expect(readLikes(storage, 'other')).toEqual([]);
    writeLikes(storage, 'ml', []);
    expect(storage.data.has(likesKey('ml'))).toBe(false);
  });

  it('ignores broken entries, other versions, duplicates and impossible stars', () => {
    const storage = memoryStorage();
    storage.setItem(likesKey('a'), '{not json');
    storage.setItem(likesKey('b'), JSON.stringify({ version: 99, likes: [{ movieId: 1, stars: null }] }));
    storage.setItem(
      likesKey('c'),
      JSON.stringify({ version: 1, likes: [{ movieId: 1, stars: 7 }, { movieId: 1, stars: 3 }, { movieId: 'x' }] }),
    );
    expect(readLikes(storage, 'a')).toEqual([]);
    expect(readLikes(storage, 'b')).toEqual([]);
    expect(readLikes(storage, 'c')).toEqual([{ movieId: 1, stars: null }]);
  });

  it('says so when the browser refuses to store', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(writeLikes(full, 'ml', [{ movieId: 1, stars: null }])).toMatch(/could not be saved/);
  });
});

describe('wall filter', () => {
  const dataset = tinyDataset();
  it('is off until something is chosen', () => {
    expect(new FilterState(() => dataset).exclude).toBeNull();
  });
  it('includes any of the chosen genres, excludes all of the excluded ones, and bounds years', () => {
    const filters = new FilterState(() => dataset);
    expect(filters.genres).toEqual(['Action', 'Animation', 'Children', 'Drama']);
    filters.toggleInclude('Children');
    expect(Array.from(filters.exclude!)).toEqual([0, 1, 1, 0]);
    filters.toggleExclude('Children'); // moves Children from included to excluded
    expect(filters.include).toEqual([]);
    expect(Array.from(filters.exclude!)).toEqual([1, 0, 0, 1]);
    filters.clear();
    filters.setYearFrom(1991);
    filters.setYearTo(2005);
    // Film C has no year: it cannot be shown to be in the range.
    expect(Array.from(filters.exclude!)).toEqual([1, 0, 1, 0]);
    filters.setYearTo(1980);
    expect(filters.problem).toMatch(/empty/);
  });
});

describe('ForYouState', () => {
  it('keeps likes per dataset and asks the engine with the stars, or LIKE_RATING for a plain like', async () => {
    const storage = memoryStorage();
    const dataset = tinyDataset('ml');
    const state = new ForYouState(() => dataset, storage);
    state.useDataset('ml');
    state.toggleLike(10);
    state.setStars(30, 2.5);
    state.toggleLike(99); // not in this dataset: kept, but not sent
    expect(state.isLiked(10)).toBe(true);
    expect(readLikes(storage, 'ml')).toHaveLength(3);

    const asked: { items: number[]; ratings: number[]; n: number }[] = [];
    const answer: PersonalRanked = {
      ids: Int32Array.of(1, 3),
      scores: Float32Array.of(0.9, 0.2),
      because: Int32Array.from({ length: 2 * BECAUSE_COUNT }, (_, i) => (i === 0 ? 2 : i === 1 ? 0 : -1)),
      contributions: new Float32Array(2 * BECAUSE_COUNT),
    };
    const walls = wallsOf(dataset, state, {
      recommendForLikes: async (items, ratings, n) => {
        asked.push({ items: Array.from(items), ratings: Array.from(ratings), n });
        return answer;
      },
    });
    await state.showForLikes(walls.likes);
    expect(asked).toEqual([{ items: [0, 2], ratings: [LIKE_RATING, 2.5], n: 10 }]);
    expect(state.wall).toEqual([
      { itemIndex: 1, score: expect.closeTo(0.9, 5), because: [2, 0] },
      { itemIndex: 3, score: expect.closeTo(0.2, 5), because: [] },
    ]);

    const again = new ForYouState(() => dataset, storage);
    again.useDataset('ml');
    expect(again.likes.map((like) => like.movieId)).toEqual([10, 30, 99]);
    expect(again.starsOf(30)).toBe(2.5);
    again.clear();
    expect(storage.length).toBe(0);
    expect(again.wall).toEqual([]);
  });

  it('checks the user id and marks the films the user rated', async () => {
    const dataset = tinyDataset();
    const state = new ForYouState(() => dataset, null);
    let asked: [number, number, boolean] | null = null;
    const walls = wallsOf(dataset, state, {
      recommendUser: async (user, n, options) => {
        asked = [user, n, !options?.filterSeen];
        return { ids: Int32Array.of(2, 1), scores: Float32Array.of(1, 0.5) };
      },
    });
    state.userId = 7;
    state.askForUser(true);
    expect(state.userError).toBe('There is no user 7 in this dataset (ids run from 5 to 6).');
    expect(walls.user).toBeNull();
    state.userId = 5;
    state.showRated = true;
    state.askForUser(true);
    await state.showForUser(walls.user);
    expect(asked).toEqual([0, 10, true]);
    expect(state.userWall?.films.map((film) => film.rated)).toEqual([true, false]);
  });

  it('takes the message about a wrong user id away as soon as a valid one is asked', async () => {
    const dataset = tinyDataset();
    const state = new ForYouState(() => dataset, null);
    let answer!: (ranked: Ranked) => void;
    const walls = wallsOf(dataset, state, { recommendUser: () => new Promise((resolve) => (answer = resolve)) });
    state.userId = 99999;
    state.askForUser(true);
    expect(state.userError).toContain('There is no user 99999');
    state.userId = 6;
    state.askForUser(true);
    const asked = state.showForUser(walls.user);
    expect(state.userPending).toBe(true);
    expect(state.userError).toBeNull();
    answer({ ids: Int32Array.of(1), scores: Float32Array.of(1) });
    await asked;
    expect(state.userError).toBeNull();
    expect(state.userWall?.userId).toBe(6);
  });
});
