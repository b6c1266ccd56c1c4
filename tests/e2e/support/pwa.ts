/**
 * Steps of the offline specs: wait for the service worker, load ml-latest-small with its posters table, and read
 * how each poster on the page was answered.
 */
import type { Locator, Page } from '@playwright/test';
import { status } from './flows.ts';
import type { MovieLensFiles } from './movielens.ts';
import { expect } from './test.ts';

/** Waits for "Ready to work offline" (precache complete) and for the service worker to control the page. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await expect(page.getByText('Ready to work offline')).toBeVisible({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Loads ml-latest-small (and its poster table) through the file picker. */
export async function loadMlLatestSmall(page: Page, files: Extract<MovieLensFiles, { found: true }>): Promise<void> {
  const picker = page.getByLabel('MovieLens files', { exact: true });
  await picker.setInputFiles([files.ratings, files.movies, files.links, ...(files.posters ? [files.posters] : [])]);
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
}

/** How one poster image on the page ended up. */
export interface ShownPoster {
  movieId: number;
  source: string;
  src: string;
  /** Loaded and decoded with a real size (a broken image has naturalWidth 0). */
  rendered: boolean;
}

/** Every poster image inside `scope`, once none is still loading. */
export async function shownPosters(scope: Locator): Promise<ShownPoster[]> {
  const read = () =>
    scope.locator('[data-poster-source]').evaluateAll((posters) =>
      posters.map((element) => {
        const movieId = Number(element.closest('[data-movie-id]')?.getAttribute('data-movie-id') ?? 0);
        const source = (element as HTMLElement).dataset.posterSource ?? '';
        if (!(element instanceof HTMLImageElement)) {
          // A generated poster, drawn inline: rendered when its SVG is there.
          const svg = element.querySelector('svg');
          return { movieId, source, src: svg ? 'inline svg' : '', rendered: svg !== null, loading: false };
        }
        return {
          movieId,
          source,
          src: element.currentSrc || element.src,
          rendered: element.complete && element.naturalWidth > 0,
          loading: !element.complete,
        };
      }),
    );
  await expect
    .poll(async () => (await read()).filter((poster) => poster.loading).length, { message: 'posters still loading' })
    .toBe(0);
  return (await read()).map(({ movieId, source, src, rendered }) => ({ movieId, source, src, rendered }));
}
