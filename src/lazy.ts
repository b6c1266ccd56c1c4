/**
 * Code the first screen does not need, in one place. Each part loads at its first use; once the page has settled
 * (`preloadWhenIdle`), all of them load at once, so a network that goes away later
 * (no service worker yet, or a blocked one) cannot leave a view or a codec unloadable. A failed load is forgotten
 * and retried at the next use.
 */
import type { ViewId } from './state/views.ts';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () =>
    (promise ??= load().catch((error: unknown) => {
      promise = null;
      throw error;
    }));
}

/** The views behind the tabs other than the first (state/views.ts), by view id; each takes the AppState. */
const views = {
  foryou: once(() => import('./ui/foryou/ForYouPanel.svelte')),
  map: once(() => import('./ui/map/MapView.svelte')),
  evaluate: once(() => import('./ui/evaluate/EvaluatePanel.svelte')),
  library: once(() => import('./ui/library/LibraryView.svelte')),
} satisfies Record<Exclude<ViewId, 'similar'>, unknown>;

export const lazy = {
  views,
  engine: once(() => import('./engine/index.ts')),
  codecs: once(async () => {
    const [dataset, model, imported] = await Promise.all([
      import('./persistence/dataset-codec.ts'),
      import('./persistence/model-codec.ts'),
      import('./persistence/import-model.ts'),
    ]);
    return { ...dataset, ...model, ...imported };
  }),
  posterFiles: once(() => import('./posters/image-files.ts')),
};

let preloading = false;

/** Loads every lazy part now, in parallel (once; a part that fails is loaded again at its first use). */
export function preloadLazy(): void {
  if (preloading) return;
  preloading = true;
  const { views, ...parts } = lazy;
  for (const part of [...Object.values(views), ...Object.values(parts)]) part().catch(() => undefined);
}

/**
 * Calls `preloadLazy` in an idle moment a few seconds after the page's load, once `busy` says no file is being read
 * or saved (loading code then would put its tasks into the page's busiest moments).
 */
export function preloadWhenIdle(busy: () => boolean, delayMs = 4_000): void {
  const attempt = (): void => {
    if (busy()) setTimeout(attempt, 1_000);
    else if ('requestIdleCallback' in globalThis) requestIdleCallback(preloadLazy, { timeout: 5_000 });
    else preloadLazy();
  };
  const start = (): void => void setTimeout(attempt, delayMs);
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}
