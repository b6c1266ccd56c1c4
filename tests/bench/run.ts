/**
 * `npm run bench [-- options]`: times the engine in Node worker threads, or with --browser inside headless
 * Chromium (the figure that counts). JSON lines on stdout, human-readable progress on stderr.
 *   --browser            run in Chromium (CHROMIUM_PATH or /usr/bin/chromium) through Playwright
 *   --workers 1,2        pool sizes to time (default 1,2)
 *   --reps 7             timed fits per configuration; the median is reported
 *   --only ml,quality,5m parts to run (ml: timing on ml-latest-small, quality: ranking metrics, 5m, 25m,
 *                        ingest: read + index a ratings file, see --ratings; foryou: the few-likes protocol and
 *                        genre coherence of every For you method, tests/bench/foryou.ts; search: keystroke time
 *                        at 84,000 titles, in Node only; estimate: the fit estimate against real fits;
 *                        lighthouse: Lighthouse mobile on the built site; firstwall: Train click or drop ->
 *                        first wall, see first-visit.ts; app: load, train, search and reload in the built app
 *                        against the engine alone, in Chromium with or without --browser, see app.ts)
 *   --site DIR           lighthouse/firstwall/app: measure this built site instead of building the worktree's
 *   --app-data small,32m the datasets of `app` (32m: a GroupLens-shaped folder generated once in /tmp)
 *   --app-load-pairs N   app: instead of every step, the app's load and the engine's ingest N times in turn, and
 *                        the median of their ratios
 *   --ratings FILE       the ratings file for `ingest` (default /tmp/ml-synthetic/ratings.csv, made once by
 *                        `npm run gen -- --users 162541 --items 59047 --ratings 25000000 --out /tmp/ml-synthetic`)
 *   --memory copy        force the copy path instead of shared memory (app: the site served without COOP/COEP)
 */
import { existsSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Reader } from '../../src/data/reader';
import { chromiumLaunchOptions } from '../support/chromium';
import { nodePlatform } from './node-platform';
import { movielensDir, movielensMissing } from '../support/movielens-dir';
import { runSuite, type BenchPlan, type BenchRecord } from './suite';
import { timeIngest } from './ingest';
import { benchSearch } from './search';
import { benchEstimate } from './estimate';
import { benchFirstWall, benchLighthouse } from './first-visit';
import { benchApp, chromiumPids } from './app';

const { values: args } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1,2' },
    reps: { type: 'string', default: '7' },
    only: { type: 'string', default: 'ml,quality,5m' },
    memory: { type: 'string', default: 'auto' },
    ratings: { type: 'string', default: '/tmp/ml-synthetic/ratings.csv' },
    site: { type: 'string' },
    'app-data': { type: 'string', default: 'small' },
    'app-load-pairs': { type: 'string', default: '0' },
  },
});
const parts = new Set(args.only.split(','));
const plan: BenchPlan = {
  workers: args.workers.split(',').map(Number),
  reps: Number(args.reps),
  movielens: parts.has('ml'),
  quality: parts.has('quality'),
  foryou: parts.has('foryou'),
  synthetic5m: parts.has('5m'),
  synthetic25m: parts.has('25m'),
};
/** Whether anything besides ingest was asked for (the fit suite starts engines, which ingest does not need). */
const fitParts = ['ml', 'quality', 'foryou', '5m', '25m'].some((part) => parts.has(part));
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

/** VmRSS and VmHWM (peak resident set since the last reset) of a process, in MiB, from /proc/<pid>/status. */
function residentMb(pid: number | 'self'): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Resets a process's VmHWM to its current RSS (Linux: "5" into /proc/<pid>/clear_refs), so a peak can be read. */
function resetPeak(pid: number | 'self'): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** The ratings file for the ingest part, or null (logged) when it has not been generated. */
function ingestFile(): string | null {
  if (existsSync(args.ratings)) return args.ratings;
  log(
    `${args.ratings} is missing; make it once with: npm run gen -- --users 162541 --items 59047 --ratings 25000000 --out ${args.ratings.replace(/\/ratings\.csv$/, '')}`,
  );
  return null;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuSeconds(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU fields of an ingest record. On a shared machine wall time stretches with other jobs' load; CPU seconds
 * (which waiting for a core does not add to) say what the work itself costs.
 */
function cpuFields(record: BenchRecord, cpu: number): BenchRecord {
  return {
    ...record,
    cpu_seconds: Number(cpu.toFixed(2)),
    mb_per_cpu_s: Number(((record.bytes as number) / 1e6 / cpu).toFixed(1)),
  };
}

/** Memory fields of an ingest record: peak growth over the baseline, against the final matrix bytes. */
function memoryFields(record: BenchRecord, baselineMb: number, peakMb: number, how: string): BenchRecord {
  const ingestMb = peakMb - baselineMb;
  return {
    ...record,
    peak_memory_mb: Math.round(peakMb),
    ingest_memory_mb: Math.round(ingestMb),
    memory_vs_matrix: Number((ingestMb / (record.matrix_mb as number)).toFixed(2)),
    memory_measured: how,
    loadavg_1m: Number(loadavg()[0].toFixed(2)),
  };
}

/** `--only ingest` in Node: the real read path on a disk-backed File (fs.openAsBlob), peak RSS from VmHWM. */
async function ingestInNode(): Promise<void> {
  const path = ingestFile();
  if (!path) return;
  for (let rep = 0; rep < Math.min(Number(args.reps), 3); rep++) {
    const file = new File([await openAsBlob(path)], 'ratings.csv');
    const baseline = residentMb('self').rss;
    resetPeak('self');
    const cpuBefore = cpuSeconds('self');
    const record = cpuFields(await timeIngest(file, 'node'), cpuSeconds('self') - cpuBefore);
    const full = memoryFields(record, baseline, residentMb('self').peak, 'process VmHWM minus VmRSS before');
    log(`  ingest rep ${rep + 1}: ${record.seconds} s, ${record.mb_per_s} MB/s`);
    process.stdout.write(`${JSON.stringify(full)}\n`);
  }
}

/** The Node environment of the fit suite (engine on worker threads, ml-latest-small read from disk). */
function nodeEnvironment(takePeak: () => number) {
  return {
    engine: 'node' as const,
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
  };
}

async function runInNode(): Promise<void> {
  if (parts.has('ingest')) await ingestInNode();
  const print = (record: BenchRecord) => void process.stdout.write(`${JSON.stringify(record)}\n`);
  if (parts.has('search')) for (const record of benchSearch(log)) print(record);
  if (parts.has('lighthouse')) await benchLighthouse(Number(args.reps), args.site, print, log);
  if (parts.has('firstwall')) await benchFirstWall(Number(args.reps), args.site, print, log);
  if (parts.has('estimate')) {
    const takePeak = peakSampler(() => process.memoryUsage.rss() / 2 ** 20);
    await benchEstimate(nodeEnvironment(takePeak), plan.workers, plan.reps);
  }
  if (!fitParts) return;
  const takePeak = peakSampler(() => process.memoryUsage.rss() / 2 ** 20);
  await runSuite(nodeEnvironment(takePeak), plan);
}

/** Resident memory of this benchmark's Chromium processes, in MiB (Linux /proc). */
function chromiumRssMb(): number {
  let mb = 0;
  for (const pid of chromiumPids()) {
    try {
      mb += residentMb(pid).rss;
    } catch {
      // The process ended while we looked.
    }
  }
  return mb;
}

/**
 * `--only ingest` in Chromium: the file is set on the page's file input from disk (a File backed by the disk, as a
 * drop is) and timed in a worker. Memory: the renderer that hosts the page and its workers is the process whose
 * VmHWM grows most; its growth over its VmRSS before the run is the ingest's peak.
 */
async function ingestInChromium(browser: import('@playwright/test').Browser, url: string): Promise<void> {
  const path = ingestFile();
  if (!path) return;
  for (let rep = 0; rep < Math.min(Number(args.reps), 3); rep++) {
    // A fresh context (and renderer) per run: the garbage of one run must not fall into the next one's measure.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      await page.goto(`${url}tests/bench/browser/index.html`);
      await page.waitForFunction(() => 'runIngest' in window);
      await page.setInputFiles('#ratings', path);
      const pids = chromiumPids();
      const before = new Map(pids.map((pid) => [pid, { rss: residentMb(pid).rss, cpu: cpuSeconds(pid) }]));
      pids.forEach(resetPeak);
      const timed = (await page.evaluate(() => window.runIngest())) as BenchRecord;
      let cpu = 0;
      let growth = { baseline: 0, peak: 0 };
      for (const pid of pids) {
        try {
          // Every Chromium process's CPU: the renderer parses, the browser process reads the file for it.
          cpu += cpuSeconds(pid) - before.get(pid)!.cpu;
          const { peak } = residentMb(pid);
          const baseline = before.get(pid)!.rss;
          if (peak - baseline > growth.peak - growth.baseline) growth = { baseline, peak };
        } catch {
          // The process ended.
        }
      }
      const how = 'renderer VmHWM minus its VmRSS before (the Chromium process that grew most), fresh page per run';
      const full = memoryFields(cpuFields(timed, cpu), growth.baseline, growth.peak, how);
      log(`  ingest rep ${rep + 1}: ${timed.seconds} s, ${timed.mb_per_s} MB/s`);
      process.stdout.write(`${JSON.stringify(full)}\n`);
    } finally {
      await context.close();
    }
  }
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
    if (parts.has('ingest')) await ingestInChromium(browser, url);
    if (!fitParts) return;
    await page.evaluate(
      ([p, m]) => (window as unknown as { runBench(plan: unknown, memory: string): Promise<void> }).runBench(p, m),
      [plan, memory] as const,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

// The app part drives its own Chromium (and servers) whether or not --browser was given, before anything else starts.
if (parts.has('app')) {
  const print = (record: BenchRecord) => void process.stdout.write(`${JSON.stringify(record)}\n`);
  const datasets = args['app-data'].split(',');
  const loadPairs = Number(args['app-load-pairs']);
  await benchApp({ datasets, memory: memory === 'copy' ? 'copy' : 'shared', site: args.site, loadPairs }, print, log);
}
if ([...parts].some((part) => part !== 'app')) await (args.browser ? runInChromium() : runInNode());
