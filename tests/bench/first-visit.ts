/**
 * A first visit to the built site (`vite build`, then `vite preview` with the COOP/COEP headers, Debian's Chromium):
 * - `--only lighthouse`: Lighthouse (mobile, simulated throttling, its defaults). One record per run with the four
 *   category scores, the main metrics and the JavaScript left unused on load; --reps runs (at most 5).
 * - `--only firstwall`: ml-latest-small's three files set on the file input, then Train clicked (auto-train off):
 *   click -> "Trained in" and click -> first wall painted, against the fit's own reported time; and with auto-train
 *   on, files -> wall with no click.
 * `--site DIR` measures a site built elsewhere (another commit's dist/) instead of building this one.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { preview, type PreviewServer } from 'vite';
import { chromiumLaunchOptions } from '../support/chromium';
import { movielensDir, movielensMissing } from '../support/movielens-dir';
import type { BenchRecord } from './suite';

/** Flags for a quiet headless Chromium: nothing in the background competes with the page being measured. */
const CHROMIUM_FLAGS = ['--headless=new', ...chromiumLaunchOptions.args];

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Builds the worktree's site into dist/ unless `site` names a built one; answers the folder to serve. */
export function buildSite(site: string | undefined, log: (message: string) => void): string {
  if (!site) {
    log('vite build…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return resolve(site ?? 'dist');
}

/** Builds the site (unless `site` names a built one) and serves it with `vite preview` (COOP/COEP headers). */
export async function serveSite(site: string | undefined, log: (message: string) => void): Promise<PreviewServer> {
  return preview({
    build: { outDir: buildSite(site, log) },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'error',
  });
}

/** Builds the site, serves it, and runs Lighthouse `reps` times; each record goes to `emit`. */
export async function benchLighthouse(
  reps: number,
  site: string | undefined,
  emit: (record: BenchRecord) => void,
  log: (message: string) => void,
): Promise<void> {
  const server = await serveSite(site, log);
  const url = server.resolvedUrls!.local[0];
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROMIUM_FLAGS,
  });
  try {
    for (let rep = 0; rep < Math.min(reps, 5); rep++) {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', onlyCategories: CATEGORIES });
      if (!result) throw new Error('Lighthouse returned no result');
      const { categories, audits } = result.lhr;
      const ms = (id: string) => Math.round(audits[id]?.numericValue ?? NaN);
      const unusedBytes = (audits['unused-javascript']?.details as { overallSavingsBytes?: number } | undefined)
        ?.overallSavingsBytes;
      const record: BenchRecord = {
        kind: 'lighthouse',
        // Lighthouse scales the main thread's observed tasks: on a loaded machine they (and TBT) grow with the load.
        loadavg_1m: Number(loadavg()[0].toFixed(2)),
        lighthouse: result.lhr.lighthouseVersion,
        chromium: result.lhr.environment.hostUserAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? null,
        performance: categories.performance.score,
        // A run Lighthouse could not score (null scores, NaN times) says why: its runtime error, else the message of
        // the first performance audit that failed (one run in 15 here came back so, without a word).
        error: result.lhr.runtimeError
          ? `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`
          : categories.performance.score === null
            ? (categories.performance.auditRefs.map((ref) => audits[ref.id]?.errorMessage).find(Boolean) ?? null)
            : null,
        accessibility: categories.accessibility.score,
        best_practices: categories['best-practices'].score,
        seo: categories.seo.score,
        first_contentful_paint_ms: ms('first-contentful-paint'),
        largest_contentful_paint_ms: ms('largest-contentful-paint'),
        total_blocking_time_ms: ms('total-blocking-time'),
        speed_index_ms: ms('speed-index'),
        cumulative_layout_shift: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
        unused_javascript_kib: unusedBytes === undefined ? null : Math.round(unusedBytes / 1024),
        javascript_kib: Math.round(
          ((
            audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number }[] }
          )?.items?.find((item) => item.resourceType === 'script')?.transferSize ?? NaN) / 1024,
        ),
        // Where the blocking time comes from: the main thread's long tasks as Lighthouse simulated them.
        long_tasks: (
          (audits['long-tasks']?.details as { items?: { url: string; duration: number; startTime: number }[] })
            ?.items ?? []
        ).map(
          (task) =>
            `${task.url.split('/').pop() || task.url} ${Math.round(task.duration)} ms at ${Math.round(task.startTime)}`,
        ),
      };
      log(
        `  run ${rep + 1}: performance ${record.performance}, TBT ${record.total_blocking_time_ms} ms, LCP ${record.largest_contentful_paint_ms} ms` +
          (record.error ? ` (${record.error})` : ''),
      );
      emit(record);
    }
  } finally {
    chrome.kill();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

/** Times, in the page, from `start` to the first moment `test` holds (checked on every DOM change). */
function whenInPage(test: string): string {
  return `new Promise((resolve) => {
    const check = () => { if (${test}) { observer.disconnect(); resolve(performance.now()); return true; } return false; };
    const observer = new MutationObserver(check);
    if (!check()) observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  })`;
}

/** The status line's "Trained in 0.52 s", in milliseconds (10 ms resolution). */
const TRAINED_MS = `(() => { const m = /Trained in (\\d+\\.\\d+) s/.exec(document.querySelector('[role=status]')?.textContent ?? ''); return m ? Number(m[1]) * 1000 : null; })()`;
/** A first wall ("Films like ...") with its posters in the page. */
const WALL_SHOWN = `document.querySelectorAll('ol[aria-label^="Films like"] > li[data-movie-id] [data-poster-source]').length >= 10`;

/** The first wall's cards in the page, before their images. */
const CARDS_SHOWN = `document.querySelectorAll('ol[aria-label^="Films like"] > li[data-movie-id]').length >= 10`;

/** `--only firstwall`: where the time goes between a click on Train (or a drop) and the first wall. */
export async function benchFirstWall(
  reps: number,
  site: string | undefined,
  emit: (record: BenchRecord) => void,
  log: (message: string) => void,
): Promise<void> {
  const dir = movielensDir();
  if (!dir) {
    log(`${movielensMissing}; skipping firstwall`);
    return;
  }
  const files = ['ratings.csv', 'movies.csv', 'links.csv'].map((name) => join(dir, 'ml-latest-small', name));
  const server = await serveSite(site, log);
  const url = server.resolvedUrls!.local[0];
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    for (const auto of [false, true]) {
      for (let rep = 0; rep < reps; rep++) {
        const context = await browser.newContext();
        await context.route(
          (u) => !['127.0.0.1', 'localhost'].includes(u.hostname),
          (route) => route.abort(),
        );
        const page = await context.newPage();
        await page.addInitScript((on) => localStorage.setItem('marquee:auto-train', on ? 'on' : 'off'), auto);
        await page.goto(url);
        const input = page.getByLabel('MovieLens files', { exact: true });
        const record: BenchRecord = { kind: 'firstwall', auto_train: auto ? 'on' : 'off', rep: rep + 1 };
        if (auto) {
          // A build without auto-train never shows it: give up after a minute.
          const wall = page.evaluate(
            `Promise.race([${whenInPage(WALL_SHOWN)}, new Promise((r) => setTimeout(() => r(null), 60000))])`,
          ) as Promise<number | null>;
          const start = (await page.evaluate('performance.now()')) as number;
          await input.setInputFiles(files);
          const wallAt = await wall;
          record.files_to_wall_ms = wallAt === null ? null : Math.round(wallAt - start);
          record.fit_ms = (await page.evaluate(TRAINED_MS)) as number;
        } else {
          await input.setInputFiles(files);
          const train = page.getByRole('button', { name: 'Train model' });
          await page.getByRole('status').filter({ hasText: '100,836 ratings' }).waitFor();
          // Click as a person would once the page is quiet: the engine's start is the app's business, not ours.
          await train.waitFor();
          await page.waitForTimeout(3000);
          const times = (await page.evaluate(`(async () => {
            const trained = ${whenInPage('document.querySelector("[role=status]")?.textContent?.includes("Trained in")')};
            const wall = ${whenInPage(WALL_SHOWN)};
            const cards = ${whenInPage(CARDS_SHOWN)};
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Train model');
            const clicked = performance.now();
            button.click();
            const trainedAt = await trained;
            const wallAt = await Promise.race([wall, new Promise((r) => setTimeout(() => r(null), 5000))]);
            const cardsAt = await Promise.race([cards, new Promise((r) => setTimeout(() => r(null), 1))]);
            return {
              trained: trainedAt - clicked,
              cards: cardsAt === null ? null : cardsAt - clicked,
              wall: wallAt === null ? null : wallAt - clicked,
              fit: ${TRAINED_MS},
            };
          })()`)) as { trained: number; cards: number | null; wall: number | null; fit: number };
          record.fit_ms = times.fit;
          record.click_to_trained_ms = Math.round(times.trained);
          record.click_to_cards_ms = times.cards === null ? null : Math.round(times.cards);
          record.click_to_wall_ms = times.wall === null ? null : Math.round(times.wall);
          record.after_fit_ms = Math.round((times.wall ?? times.trained) - times.fit);
        }
        record.loadavg_1m = Number(loadavg()[0].toFixed(2));
        log(`  ${JSON.stringify(record)}`);
        emit(record);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
