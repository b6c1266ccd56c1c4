/**
 * The service worker's life as the page sees it: registered, offline-ready (precache complete at first install),
 * and a new version waiting. Registration goes through vite-plugin-pwa's `virtual:pwa-register` (workbox-window);
 * with registerType 'prompt' a new version only takes over when the person clicks "Reload to update".
 */
import { registerSW } from 'virtual:pwa-register';

/** How often an open tab asks the host for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Offline readiness and updates of the app itself. */
export class AppUpdates {
  /** True once the first install has precached everything (show "Ready to work offline"). */
  offlineReady = $state(false);
  /** True while a new version is installed and waiting. */
  updateWaiting = $state(false);
  /** True after a click on "Reload to update", until the page reloads. */
  updating = $state(false);

  #update: ((reload?: boolean) => Promise<void>) | null = null;

  /** Registers the service worker (no-op where service workers are unavailable, e.g. plain http). */
  start(): void {
    if (!('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      onOfflineReady: () => (this.offlineReady = true),
      onNeedRefresh: () => (this.updateWaiting = true),
      // workbox-window only reloads when this tab was already controlled at load; applyUpdate reloads in every case.
      onNeedReload: () => {},
      onRegisteredSW: (_url, registration) => {
        if (registration) setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
      },
      onRegisterError: (error) => console.warn('Service worker registration failed; the app works online only.', error),
    });
  }

  /** Lets the waiting version take over; the page reloads into it when it controls the page. */
  async applyUpdate(): Promise<void> {
    if (this.updating) return;
    this.updating = true;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    await this.#update?.(true);
  }

  /** Hides "Ready to work offline". */
  dismissOfflineReady(): void {
    this.offlineReady = false;
  }

  /** Hides "Update available" until the next check finds it again; the new version applies on the next visit. */
  dismissUpdate(): void {
    this.updateWaiting = false;
  }
}
