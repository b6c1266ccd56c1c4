/**
 * The installable app: Chromium's installability check passes, a static host without COOP/COEP headers
 * gets cross-origin isolation from the service worker (shared-memory training), and a new version waits for the
 * person's "Reload to update" instead of swapping mid-session.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { loadSample, status, train } from './support/flows.ts';
import { waitForOfflineReady } from './support/pwa.ts';
import { startStaticHost, type StaticHost } from './support/static-host.ts';
import { expect, test } from './support/test.ts';

test.use({ serviceWorkers: 'allow' });

let host: StaticHost;
test.beforeEach(async () => {
  host = await startStaticHost();
});
test.afterEach(async () => {
  await host.close();
});

test('the manifest and service worker pass Chromium’s installability checks', async () => {
  // A profile on disk: Chromium never offers installation in an incognito context, which Playwright's contexts are.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'marquee-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    serviceWorkers: 'allow',
  });
  // No request leaves the machine.
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort('blockedbyclient'),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await checkInstallable(page, context);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

async function checkInstallable(page: Page, context: BrowserContext): Promise<void> {
  await page.goto(host.url);
  await waitForOfflineReady(page);
  const cdp = await context.newCDPSession(page);
  const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
  expect(manifest.errors).toEqual([]);
  const data = JSON.parse(manifest.data ?? '{}') as {
    name: string;
    display: string;
    icons: { sizes: string; purpose?: string }[];
  };
  expect(data.name).toBe('Marquee');
  expect(data.display).toBe('standalone');
  expect(data.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
  );
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors).toEqual([]);
  // Each icon the manifest names is a real PNG of its size.
  for (const size of [192, 512]) {
    const dimensions = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return [image.naturalWidth, image.naturalHeight];
    }, `./icon-${size}.png`);
    expect(dimensions).toEqual([size, size]);
  }
}

test('a host without COOP/COEP gets cross-origin isolation from the service worker', async ({ page }) => {
  await page.goto(host.url);
  expect(await page.evaluate(() => crossOriginIsolated), 'no headers, not isolated on the first load').toBe(false);
  await waitForOfflineReady(page);
  await expect(page.getByText('Reload once to train with shared memory')).toBeVisible();

  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated), 'isolated once the service worker answers').toBe(true);
  await loadSample(page);
  await page.getByRole('spinbutton', { name: 'Workers', exact: true }).fill('2');
  await train(page, { iterations: 4 });
  await expect(status(page)).toContainText('· 2 workers · shared memory');
});

test('a new version waits for “Reload to update”, then the page reloads into it', async ({ page }) => {
  await page.goto(host.url);
  await waitForOfflineReady(page);
  const firstScript = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);

  // The next deploy: the same build with a byte changed in sw.js, which makes the browser install it.
  // Left by an older build: a precache of another hash (to be deleted) and saved posters (to be kept).
  await page.evaluate(async () => {
    await (await caches.open('marquee-precache-0lderbuild')).put('./index.html', new Response('old'));
    await (await caches.open('marquee-posters-saved')).put('https://image.tmdb.org/t/p/w185/a.jpg', new Response('a'));
  });
  host.swSuffix = '\n// next build\n';
  await loadSample(page); // something in progress that a silent swap would interrupt
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const notice = page.getByRole('alert').filter({ hasText: 'Update available' });
  await expect(notice).toBeVisible();
  // Nothing swapped yet: the old worker still controls the page and the data is still there.
  await expect(status(page)).toContainText(/users · /);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstScript);
  const waitingBefore = await page.evaluate(async () =>
    Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
  );
  expect(waitingBefore).toBe(true);

  const reloaded = page.waitForEvent('load');
  await notice.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expect(page.getByRole('heading', { name: /Train the model/ })).toBeVisible();
  await expect(page.getByText('Update available')).toBeHidden();
  expect(
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: Boolean(registration?.waiting), controlled: navigator.serviceWorker.controller !== null };
    }),
  ).toEqual({ waiting: false, controlled: true });
  const names = await page.evaluate(() => caches.keys());
  expect(names).not.toContain('marquee-precache-0lderbuild');
  expect(names).toContain('marquee-posters-saved');
  expect(names.filter((name) => name.startsWith('marquee-precache-'))).toHaveLength(1);
});
