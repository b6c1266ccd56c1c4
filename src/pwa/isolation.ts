/**
 * Cross-origin isolation supplied by the service worker, for static hosts that cannot send COOP/COEP headers
 * (the approach of coi-serviceworker, https://github.com/gzuidhof/coi-serviceworker): every same-origin response
 * the worker hands to the page gets the headers vite.config.ts sends in development and preview. COEP
 * `credentialless` keeps TMDB posters loading (they are CORS requests anyway, see ui/wall/Poster.svelte).
 */

/** The headers that make a document (and its dedicated workers) cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** A copy of `response` with the isolation headers set; opaque and error responses are returned unchanged. */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
    if (headers.get(name) === value) continue;
    headers.set(name, value);
    changed = true;
  }
  if (!changed) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
