/**
 * `npm run bench [-- options]`: times the engine in Node worker threads, or with --browser inside headless
 * Chromium (the figure that counts). JSON lines on stdout, human-readable progress on stderr.
 *   --browser            run in Chromium (CHROMIUM_PATH or /usr/bin/chromium) through Playwright
 *   --workers 1,2        pool sizes to time (default 1,2)
 *   --reps 7             timed fits per configuration; the median is reported
 *   --only ml,quality,5m parts to run (ml: timing on ml-latest-small, quality: ranking metrics, 5m, 25m)
 *   --memory copy        force the copy path instead of shared memory
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Reader } from '../../src/data/reader';
import { chromiumLaunchOptions } from '../support/chromium';
import { nodePlatform } from './node-platform';
import { movielensDir, movielensMissing } from '../support/movielens-dir';
import { runSuite, type BenchPlan, type BenchRecord } from './suite';

const { values: args } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1,2' },
    reps: { type: 'string', default: '7' },
    only: { type: 'string', default: 'ml,quality,5m' },
    memory: { type: 'string', default: 'auto' },
  },
});
const parts = new Set(args.only.split(','));
const plan: BenchPlan = {
  workers: args.workers.split(',').map(Number),
  reps: Number(args.reps),
  movielens: parts.has('ml'),
  quality: parts.has('quality'),
  synthetic5m: parts.has('5m'),
  synthetic25m: parts.has('25m'),
};
const memory = args.memory as 'auto' | 'shared' | 'copy';
const log = (message: string): void => void process.stderr.write(`${message}\n`);

/** Peak resident memory since the last call, sampled every 100 ms. */
function peakSampler(sample: () => number): () => number {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, sample())), 100);
  timer.unref();
  return () => {
    const result = Math.max(peak, sample());
    peak = 0;
    return Math.round(result);
  };
}

function emitter(takePeak: () => number, engine: string) {
  return (record: BenchRecord): void => {
    const full = { ...record, engine, peak_memory_mb: takePeak(), loadavg_1m: Number(loadavg()[0].toFixed(2)) };
    process.stdout.write(`${JSON.stringify(full)}\n`);
  };
}

async function runInNode(): Promise<void> {
  const takePeak = peakSampler(() => process.memoryUsage.rss() / 2 ** 20);
  await runSuite(
    {
      engine: 'node',
      engineOptions: { platform: nodePlatform, memory },
      async loadMovieLens() {
        const dir = movielensDir();
        if (!dir) {
          log(`${movielensMissing}; skipping ml-latest-small`);
          return null;
        }
        const files = ['ratings.csv', 'movies.csv', 'links.csv'].map(
          (name) => new File([readFileSync(join(dir, 'ml-latest-small', name))], name),
        );
        return (await new Reader().load(files)).dataset;
      },
      emit: emitter(takePeak, 'node'),
      log,
    },
    plan,
  );
}

/** Resident memory of every Chromium process, in MiB (Linux /proc). */
function chromiumRssMb(): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s*(chromium|chrome)/m.test(status)) continue;
      kb += Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

async function runInChromium(): Promise<void> {
  const { createServer } = await import('vite');
  const { chromium } = await import('@playwright/test');
  // No file watching or hot reload: an edit elsewhere must not reload the page mid-benchmark.
  const server = await createServer({
    server: { port: 0, host: '127.0.0.1', hmr: false, watch: { ignored: ['**/*'] } },
    logLevel: 'error',
  });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch(chromiumLaunchOptions);
  const takePeak = peakSampler(chromiumRssMb);
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    const dir = movielensDir();
    if (!dir) log(`${movielensMissing}; skipping ml-latest-small`);
    await page.route('**/__movielens/**', (route) => {
      const name = new URL(route.request().url()).pathname.split('/__movielens/')[1];
      return dir
        ? route.fulfill({ body: readFileSync(join(dir, 'ml-latest-small', name)) })
        : route.fulfill({ status: 404 });
    });
    await page.exposeFunction('benchEmit', emitter(takePeak, 'chromium'));
    await page.exposeFunction('benchLog', log);
    await page.goto(`${url}tests/bench/browser/index.html`);
    await page.waitForFunction(() => 'runBench' in window);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    log(`chromium ${browser.version()}, cross-origin isolated: ${isolated}`);
    await page.evaluate(
      ([p, m]) => (window as unknown as { runBench(plan: unknown, memory: string): Promise<void> }).runBench(p, m),
      [plan, memory] as const,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await (args.browser ? runInChromium() : runInNode());
