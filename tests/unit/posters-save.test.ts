/**
 * savePostersForOffline against an in-memory Cache Storage and fetch (Node has neither): what is stored, what a
 * quota error does (the seen cache is emptied once, then the save stops and keeps what it stored), cancel.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAVED_POSTERS_CACHE, SEEN_POSTERS_CACHE } from '../../src/posters/caches.ts';
import { savedPosterStats, savePostersForOffline } from '../../src/posters/offline-save.ts';

class MemoryCache {
  readonly entries = new Map<string, Response>();
  /** Throws QuotaExceededError on put once this many entries are stored (Infinity: never). */
  capacity = Infinity;
  async match(url: string): Promise<Response | undefined> {
    return this.entries.get(url)?.clone();
  }
  async matchAll(): Promise<Response[]> {
    return [...this.entries.values()].map((response) => response.clone());
  }
  async keys(): Promise<string[]> {
    return [...this.entries.keys()];
  }
  async put(url: string, response: Response): Promise<void> {
    if (this.entries.size >= this.capacity) throw new DOMException('full', 'QuotaExceededError');
    this.entries.set(url, response);
  }
}

class MemoryCaches {
  readonly caches = new Map<string, MemoryCache>();
  capacityOfNew = Infinity;
  async open(name: string): Promise<MemoryCache> {
    if (!this.caches.has(name)) {
      const cache = new MemoryCache();
      cache.capacity = this.capacityOfNew;
      this.caches.set(name, cache);
    }
    return this.caches.get(name)!;
  }
  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }
  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }
}

const urls = Array.from({ length: 20 }, (_, i) => `https://image.tmdb.org/t/p/w185/p${i}.jpg`);
let storage: MemoryCaches;
let fetched: string[];
const realFetch = globalThis.fetch;

beforeEach(() => {
  storage = new MemoryCaches();
  fetched = [];
  Object.assign(globalThis, { caches: storage });
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    fetched.push(url);
    if (url.endsWith('p13.jpg')) return new Response('missing', { status: 404 });
    return new Response(new Blob([new Uint8Array(1000)], { type: 'image/jpeg' }), { status: 200 });
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as { caches?: unknown }).caches;
});

describe('savePostersForOffline', () => {
  it('stores every poster it can fetch, counts the rest, and skips what is already saved', async () => {
    const seen = await storage.open(SEEN_POSTERS_CACHE);
    await seen.put(urls[0], new Response(new Blob([new Uint8Array(500)], { type: 'image/jpeg' })));
    const progress: number[] = [];
    const outcome = await savePostersForOffline(urls, (p) => progress.push(p.done), new AbortController().signal);
    expect(outcome).toMatchObject({ done: 20, total: 20, stored: 19, failed: 1, already: 0, stoppedBy: null });
    expect(outcome.bytes).toBe(18 * 1000 + 500);
    expect(fetched).not.toContain(urls[0]); // copied from the seen cache, not fetched again
    expect(progress.at(-1)).toBe(20);
    expect(await savedPosterStats()).toEqual({ count: 19, bytes: 18_500 });

    const again = await savePostersForOffline(urls, () => {}, new AbortController().signal);
    expect(again).toMatchObject({ stored: 0, already: 19, failed: 1 });
  });

  it('on a quota error empties the seen cache once, then stops and keeps what it saved', async () => {
    const seen = await storage.open(SEEN_POSTERS_CACHE);
    await seen.put('https://image.tmdb.org/t/p/w185/old.jpg', new Response('x'));
    (await storage.open(SAVED_POSTERS_CACHE)).capacity = 5;
    const outcome = await savePostersForOffline(urls, () => {}, new AbortController().signal);
    expect(outcome.stoppedBy).toBe('quota');
    expect(await storage.has(SEEN_POSTERS_CACHE)).toBe(false);
    expect(outcome.stored).toBe(5);
    const saved = storage.caches.get(SAVED_POSTERS_CACHE)!;
    expect(saved.entries.size).toBe(5);
    for (const response of await saved.matchAll()) expect((await response.arrayBuffer()).byteLength).toBe(1000);
  });

  it('stops when cancelled and keeps what it stored', async () => {
    const controller = new AbortController();
    const outcome = await savePostersForOffline(
      urls,
      (progress) => {
        if (progress.done === 4) controller.abort();
      },
      controller.signal,
    );
    expect(outcome.stoppedBy).toBe('cancel');
    expect(outcome.done).toBeLessThan(20);
    expect((await savedPosterStats()).count).toBe(outcome.stored);
  });
});
