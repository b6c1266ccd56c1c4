/**
 * Auto-train in the specs. The app trains by itself after a load when the fit is quick (TrainingState.autoTrain);
 * most specs choose their own settings and press Train, so the suite turns auto-train off through the app's own
 * setting (its localStorage entry, set by playwright.config.ts for the preview origin). Specs about auto-train
 * turn it back on with `test.use(AUTO_TRAIN_ON)`.
 */

/** The localStorage entry the app keeps the setting in (src/state/training.svelte.ts). */
export const AUTO_TRAIN_KEY = 'marquee:auto-train';

/** A Playwright storage state with auto-train off for the app at `origin`. */
export function autoTrainOff(origin: string) {
  return { cookies: [], origins: [{ origin, localStorage: [{ name: AUTO_TRAIN_KEY, value: 'off' }] }] };
}

/** `test.use(AUTO_TRAIN_ON)`: the app as a first visit finds it (nothing stored, auto-train on). */
export const AUTO_TRAIN_ON = { storageState: { cookies: [], origins: [] } };
