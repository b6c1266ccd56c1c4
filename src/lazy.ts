/**
 * Code the first screen does not need, in one place. Each part loads at its first use; once the page has settled
 * (`preloadWhenIdle`), the rest follows one part per idle moment, so a network that goes away later (no service
 * worker yet, or a blocked one) cannot leave a view or a codec unloadable. A failed load is forgotten and retried
 * at the next use.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () =>
    (promise ??= load().catch((error: unknown) => {
      promise = null;
      throw error;
    }));
}

export const lazy = {
  libraryView: once(() => import('./ui/library/LibraryView.svelte')),
  evaluateView: once(() => import('./ui/evaluate/EvaluatePanel.svelte')),
  forYouView: once(() => import('./ui/foryou/ForYouPanel.svelte')),
  mapView: once(() => import('./ui/map/MapView.svelte')),
  engine: once(() => import('./engine/pool.ts')),
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

/** Loads every lazy part, one per idle moment, starting a few seconds after the page's own load. */
export function preloadWhenIdle(delayMs = 4_000): void {
  const idle = (run: () => void): void => {
    if ('requestIdleCallback' in globalThis) requestIdleCallback(run, { timeout: 5_000 });
    else setTimeout(run, 200);
  };
  const parts = Object.values(lazy);
  const next = (): void => {
    const part = parts.shift();
    if (part) idle(() => void part().then(next, next));
  };
  const start = (): void => void setTimeout(next, delayMs);
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}
