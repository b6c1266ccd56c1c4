/**
 * Marquee's service worker (built by vite-plugin-pwa's injectManifest; the precache list is injected at
 * self.__WB_MANIFEST). It
 * - precaches the app shell, the workers and the WebAssembly kernels into a cache named by the build hash, and
 *   deletes every older Marquee cache on activate;
 * - answers navigations with the precached index.html, so the app opens with no network;
 * - adds COOP/COEP to same-origin responses (isolation.ts), so shared-memory training works on any static host;
 * - serves TMDB posters cache-first: saved ones first, then the bounded cache of posters seen.
 * A new version waits until the page asks it to take over (registerType 'prompt'; never a swap mid-session).
 */
/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, setCacheNameDetails } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { addPlugins, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setDefaultHandler } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import {
  SAVED_POSTERS_CACHE,
  SEEN_POSTERS_CACHE,
  SEEN_POSTERS_MAX_ENTRIES,
  TMDB_IMAGE_ORIGIN,
} from '../posters/caches.ts';
import { withIsolationHeaders } from './isolation.ts';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

const manifest = self.__WB_MANIFEST;

/** FNV-1a over every precached URL and revision: changes exactly when the build's files change. */
function buildHash(entries: Array<PrecacheEntry | string>): string {
  let hash = 0x811c9dc5;
  for (const entry of entries) {
    const text = typeof entry === 'string' ? entry : `${entry.url} ${entry.revision ?? ''}`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const PRECACHE_PREFIX = 'marquee-precache';
setCacheNameDetails({ prefix: 'marquee', precache: 'precache', suffix: buildHash(manifest) });

// Isolation headers on everything the precache serves: index.html (the document) and the worker scripts.
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(manifest);
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// Posters: CORS image requests only (<img crossorigin="anonymous">). The page's own fetches for "Save posters
// for offline" (destination "") pass straight to the network and go into the saved cache.
const seenPosters = new CacheFirst({
  cacheName: SEEN_POSTERS_CACHE,
  matchOptions: { ignoreVary: true },
  plugins: [
    // Status 200 only: an opaque response (status 0) is never stored.
    new CacheableResponsePlugin({ statuses: [200] }),
    // Bounded, least recently used out first; a QuotaExceededError empties this cache (saved posters stay).
    new ExpirationPlugin({ maxEntries: SEEN_POSTERS_MAX_ENTRIES, purgeOnQuotaError: true }),
  ],
});
registerRoute(
  ({ url, request }) => url.origin === TMDB_IMAGE_ORIGIN && request.destination === 'image',
  async (options) => {
    const saved = await caches.open(SAVED_POSTERS_CACHE);
    const hit = await saved.match(options.request.url, { ignoreVary: true });
    return hit ?? seenPosters.handle(options);
  },
);

// Anything else from this origin that is not precached (a file added to the host later): network, with isolation.
setDefaultHandler(async ({ request }) => {
  const response = await fetch(request);
  return new URL(request.url).origin === self.location.origin ? withIsolationHeaders(response) : response;
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Take the open page at first install, so what it shows from then on is cached; an update waits for the prompt.
clientsClaim();

// Old versions' precaches go once this version is active (workbox's own cleanup only knows its own names).
self.addEventListener('activate', (event) => {
  const current = `${PRECACHE_PREFIX}-${buildHash(manifest)}`;
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(`${PRECACHE_PREFIX}-`) && name !== current)
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});
