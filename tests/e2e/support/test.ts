/**
 * The Playwright `test` every spec uses: no request leaves the machine. TMDB poster requests are answered with a
 * generated SVG (or a 404, to exercise the fallback poster); every other external host is refused.
 */
import { test as base, expect, type Route } from '@playwright/test';
import { MAIN_THREAD_TAG, type TestOptions } from './cpu.ts';

/** Records TMDB image requests and decides how each is answered. */
export class TmdbImages {
  /** Every image URL requested, in order. */
  readonly requested: string[] = [];
  /** URLs answered with 404. */
  readonly failed: string[] = [];
  /** Returns true for a URL that should fail (answered 404). */
  shouldFail: (url: string) => boolean = () => false;

  /** Answers one intercepted request. */
  async answer(route: Route): Promise<void> {
    const url = route.request().url();
    this.requested.push(url);
    // As image.tmdb.org does: `Access-Control-Allow-Origin: *`, which the posters' CORS requests (crossorigin=
    // "anonymous", so the service worker can cache them without opaque responses) need. No CORP header: COEP is
    // credentialless.
    const headers = { 'Cache-Control': 'max-age=3600', 'Access-Control-Allow-Origin': '*' };
    if (this.shouldFail(url)) {
      this.failed.push(url);
      await route.fulfill({ status: 404, headers, contentType: 'text/plain', body: 'not found' });
      return;
    }
    await route.fulfill({ status: 200, headers, contentType: 'image/svg+xml', body: fakePoster(url) });
  }
}

/** A small poster whose colour depends on the URL, so screenshots show distinct images. */
function fakePoster(url: string): string {
  let hash = 0;
  for (const char of url) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const label = url.split('/').pop()?.slice(0, 6) ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="185" height="278" viewBox="0 0 185 278">
<rect width="185" height="278" fill="hsl(${hue} 45% 32%)"/><circle cx="92" cy="110" r="46" fill="hsl(${(hue + 40) % 360} 60% 60%)"/>
<text x="92" y="230" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">TMDB ${label}</text></svg>`;
}

/** Hosts the tests may reach: only the preview server. */
function isLocal(url: URL): boolean {
  return (
    url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:'
  );
}

/**
 * Playwright's test with offline networking, a `tmdb` fixture, and a check that no page threw an uncaught error
 * (an exception in a Svelte effect, for one, leaves the page half-updated without any visible message).
 * `cpuSlowdown` (a project option) throttles the page's CPU by that factor through the DevTools protocol
 * (Emulation.setCPUThrottlingRate), as a slower machine would run it.
 */
export const test = base.extend<{ tmdb: TmdbImages; uncaughtErrors: string[] } & TestOptions>({
  cpuSlowdown: [1, { option: true }],
  page: async ({ page, cpuSlowdown }, use) => {
    if (cpuSlowdown > 1) {
      const session = await page.context().newCDPSession(page);
      await session.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    }
    await use(page);
  },
  uncaughtErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on('weberror', (error) => errors.push(error.error().stack ?? error.error().message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  tmdb: [
    async ({ context }, use) => {
      const tmdb = new TmdbImages();
      // Later routes take precedence: the TMDB handler is registered after the catch-all refusal.
      await context.route(
        (url) => !isLocal(url),
        (route) => route.abort('blockedbyclient'),
      );
      await context.route('https://image.tmdb.org/**', (route) => tmdb.answer(route));
      await use(tmdb);
    },
    { auto: true },
  ],
});

export { expect, MAIN_THREAD_TAG };
