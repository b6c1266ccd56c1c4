/**
 * `--only app`: the built app (`vite build`, then `vite preview`; `--site DIR` serves one built elsewhere) driven in
 * Debian's Chromium as a person would use it. Each step is timed in the page, from the event of the person's action
 * to the first DOM state that shows its answer (`ms`):
 *   load    ratings.csv, movies.csv (and links.csv) set on the "MovieLens files" input -> the dataset summary in the
 *           status line (auto-train off; then the bench waits, as a person would, for the save and the fit estimate)
 *   train   a click on "Train model" -> "Trained in N s" -> the first wall ("Films like …", 10 cards with images)
 *   idle    no action: memory a few seconds after that wall, once the model is saved
 *   search  a title typed into the search box (movies.csv's first), then a click on its first suggestion -> that
 *           film's wall
 *   reload  page.reload() -> a wall again (the dataset and model reopened from IndexedDB)
 * Beside each step, where the engine alone does the same work, its time in the same run (`engine_ms`): the reader's
 * ingest of the same ratings.csv (`runIngest`, as run.ts's ingest part), Trainer.fit with the app's settings and
 * worker count, the wall's similarItems query; timed in the benchmark page (tests/bench/browser/, served by Vite's
 * dev server) in a Chromium of its own after the app's steps. Also per step: the peak PSS of every Chromium process
 * this benchmark launched (summed from smaps_rollup every 200 ms), the CPU seconds they used, the main thread's
 * longest task and the count of tasks over 50 ms (a PerformanceObserver), errors in the page's console, the load
 * average. The app runs on a new profile in a temporary folder, so its IndexedDB is on disk as in a person's browser.
 * APP_TRACE=<directory> also records Chromium traces of the load (from the files set until the save is over, with V8's
 * CPU samples of every thread, the workers' too; the sampling slows the load a little) and of the reload (from the
 * navigation until the ratings are read back, `marquee:restore-ratings`, and 2 s more), keeps them as
 * <directory>/load-<dataset>-<memory>.json and reload-<dataset>-<memory>.json, and adds to each record its main-thread
 * tasks over 50 ms of CPU (a task's CPU time, unlike the wall time the PerformanceObserver sees, does not grow while
 * the thread waits for one of this machine's two cores).
 * Datasets (`--app-data small,32m`): ml-latest-small from the shared data folder, and a folder shaped like ml-32m
 * (generated once in /tmp). `--memory copy` serves the site without COOP/COEP and blocks service workers, so the page
 * is not cross-origin isolated and the engine copies factors between workers (the engine's own fit then runs with
 * `memory: 'copy'` in the benchmark page, which stays isolated).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from '../support/chromium';
import { mainThreadTasks, type TraceEvent } from '../support/trace';
import { movielensDir, movielensMissing } from '../support/movielens-dir';
import { buildSite, serveSite } from './first-visit';
import { median, type BenchRecord } from './suite';

/** Which memory path the app is served for: cross-origin isolated (shared memory) or not (copied factors). */
export type MemoryPath = 'shared' | 'copy';

/** What `--only app` measures. */
export interface AppBenchOptions {
  /** `small` (ml-latest-small) and/or `32m` (a generated GroupLens-shaped folder). */
  datasets: string[];
  memory: MemoryPath;
  /** A built site to serve instead of building the worktree's. */
  site: string | undefined;
  /**
   * When over 0: instead of the whole walk, this many pairs of the app's load (alone) and the engine's ingest, one
   * after the other, and the median of their ratios (a load and an ingest minutes apart differ by the machine's
   * noise more than by the app's own cost).
   */
  loadPairs: number;
}

/** One dataset as the app bench drops it. */
interface AppDataset {
  name: string;
  /** ratings.csv, movies.csv and links.csv when present, in that order. */
  files: string[];
  /** Milliseconds any one step may take before the run gives up on it. */
  patience: number;
}

/** Where the generated 32M folder is made, and how (GroupLens ml-32m's published counts, sorted as it is). */
const SHAPED_32M = '/tmp/ml-32m-shaped';
const GEN_32M = ['--users', '200948', '--items', '84432', '--ratings', '32000204', '--sorted', '--out', SHAPED_32M];

/** The app's wall: 10 films by default (WALL_SIZES[0] in src/state/selection.svelte.ts), at least 5 ratings each. */
const WALL_SIZE = 10;
const WALL_MIN_RATINGS = 5;

/** How long after the first wall the idle memory is read, at the earliest (the model's save comes first). */
const IDLE_AFTER_MS = 5000;

/** The PSS sampling period during a step, in milliseconds. */
const SAMPLE_MS = 200;

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

// ---------------------------------------------------------------------------------------------------------------
// Chromium's memory and CPU, from /proc

/** One process as /proc/<pid>/stat gives it. */
interface ProcessStat {
  name: string;
  parent: number;
  /** User + system CPU time, in clock ticks (USER_HZ, 100 on Linux). */
  cpuTicks: number;
}

/** Every process's name (comm), parent and CPU time, from /proc/<pid>/stat. */
function processTable(): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        parent: Number(fields[1]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** This benchmark's Chromium processes: only descendants of this Node process (other jobs may run Chromium too). */
function chromiumProcesses(): Map<number, ProcessStat> {
  const table = processTable();
  const chromium = new Map<number, ProcessStat>();
  for (const [pid, stat] of table) {
    if (!/^(chromium|chrome)/.test(stat.name)) continue;
    let ancestor = stat.parent;
    while (ancestor > 1 && ancestor !== process.pid) ancestor = table.get(ancestor)?.parent ?? 0;
    if (ancestor === process.pid) chromium.set(pid, stat);
  }
  return chromium;
}

/** Pids of this benchmark's Chromium processes (Linux /proc). */
export function chromiumPids(): number[] {
  return [...chromiumProcesses().keys()];
}

/**
 * Proportional set size of processes, in MiB: pages shared between them (the browser's code, a SharedArrayBuffer
 * that several workers' processes map) counted once in all, unlike summed RSS.
 */
function pssMb(pids: Iterable<number>): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

/**
 * A step's cost to this benchmark's Chromium processes, sampled every SAMPLE_MS from creation to stop(): the peak of
 * their summed PSS, and the CPU seconds they used (each process's last reading less its first; a process started
 * meanwhile counts from zero). On a shared machine CPU time says what the work costs where wall time also holds
 * waiting for a core.
 */
class StepMeter {
  #peakMb = 0;
  #firstTicks = new Map<number, number>();
  #lastTicks = new Map<number, number>();
  #timer: ReturnType<typeof setInterval>;
  constructor() {
    for (const [pid, { cpuTicks }] of this.#sample()) this.#firstTicks.set(pid, cpuTicks);
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#timer.unref(); // a step that failed before stop() must not keep the process alive
  }
  #sample(): Map<number, ProcessStat> {
    const processes = chromiumProcesses();
    for (const [pid, { cpuTicks }] of processes) this.#lastTicks.set(pid, cpuTicks);
    this.#peakMb = Math.max(this.#peakMb, pssMb(processes.keys()));
    return processes;
  }
  stop(): { peakPssMb: number; cpuSeconds: number } {
    clearInterval(this.#timer);
    this.#sample();
    let ticks = 0;
    for (const [pid, last] of this.#lastTicks) ticks += last - (this.#firstTicks.get(pid) ?? 0);
    return { peakPssMb: Math.round(this.#peakMb), cpuSeconds: round(ticks / 100, 2) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What the page records

/**
 * Something a step waits for in the page: at least `count` elements matching `selector` (counted only while
 * `requires` matches an element), or the status line (role=status) matching `status` and not `statusNot`.
 */
interface Mark {
  selector?: string;
  count?: number;
  requires?: string;
  status?: string;
  statusNot?: string;
}

/** The step in flight, as the page records it: when its action's event came, and when each mark was first met. */
interface StepTimes {
  startedAt: number | null;
  at: Record<string, number>;
}

/** A main-thread task over 50 ms, in the page's time. */
interface LongTask {
  start: number;
  duration: number;
}

/** What the init script leaves on window (installBenchHooks). */
interface BenchHooks {
  longTasks: LongTask[];
  step: StepTimes | null;
  /**
   * Starts recording a step: its start (the first `startEvent`, captured on the document; null: the document's own
   * start, for a step armed by an init script) and when each mark is first met.
   */
  watch(marks: Record<string, Mark>, startEvent: string | null): void;
}

declare global {
  interface Window {
    __bench: BenchHooks;
  }
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named inner functions in `__name(…)`: a function
 * handed to the page (init scripts, page.evaluate) needs that helper there.
 */
const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn;';

/**
 * Installed in every document of the app's context before its own scripts: the long-task observer (buffered, so
 * tasks before it are kept too) and the step recorder. A MutationObserver checks the marks on every DOM change, so
 * a mark's time is when the DOM first showed it (the paint follows within a frame); it stops once all are met.
 */
function installBenchHooks(): void {
  const bench: BenchHooks = {
    longTasks: [],
    step: null,
    watch(marks, startEvent) {
      const step: StepTimes = { startedAt: startEvent ? null : 0, at: {} };
      bench.step = step;
      if (startEvent) {
        const started = (event: Event) => (step.startedAt ??= event.timeStamp);
        document.addEventListener(startEvent, started, { capture: true, once: true });
      }
      const met = (mark: Mark): boolean => {
        if (mark.status !== undefined) {
          const text = document.querySelector('[role=status]')?.textContent ?? '';
          return new RegExp(mark.status).test(text) && !(mark.statusNot && new RegExp(mark.statusNot).test(text));
        }
        if (mark.requires && !document.querySelector(mark.requires)) return false;
        return document.querySelectorAll(mark.selector ?? '').length >= (mark.count ?? 1);
      };
      const names = Object.keys(marks);
      const check = (): void => {
        for (const name of names) if (!(name in step.at) && met(marks[name])) step.at[name] = performance.now();
        if (names.every((name) => name in step.at)) observer.disconnect();
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      check();
    },
  };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The first wall's posters: "Films like <the most rated film>", before any film is chosen. */
const FIRST_WALL: Mark = {
  selector: 'ol[aria-label^="Films like"] > li[data-movie-id] [data-poster-source]',
  count: WALL_SIZE,
};
/** The first wall's cards, before their images. */
const FIRST_WALL_CARDS: Mark = { selector: 'ol[aria-label^="Films like"] > li[data-movie-id]', count: WALL_SIZE };
/** Any wall of posters: the first one, or a chosen film's (labelled "Similar movies" under its hero). */
const ANY_WALL = `${FIRST_WALL.selector}, ol[aria-label="Similar movies"] > li[data-movie-id] [data-poster-source]`;
/** A chosen film's wall: its hero is shown (the first wall is gone with it) and a wall of posters under it. */
const CHOSEN_WALL: Mark = { selector: ANY_WALL, count: WALL_SIZE, requires: '#chosen-title' };

/** Long tasks that overlapped [from, to] (page time): the longest and how many. */
function longTasksIn(tasks: LongTask[], from: number, to: number): { longest: number; count: number } {
  const inside = tasks.filter((task) => task.start < to && task.start + task.duration > from);
  return { longest: round(Math.max(0, ...inside.map((task) => task.duration))), count: inside.length };
}

/** The status line's text. */
function statusText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('[role=status]')?.textContent ?? '');
}

/** What the page says went wrong (role=alert notices with text: a save that failed, a fit that stopped), or null. */
function alertText(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('[role=alert]')]
        .map((alert) => alert.textContent?.trim())
        .filter(Boolean)
        .join(' / ') || null,
  );
}

/** A number written with thousands separators ("100,836"), or null. */
function count(text: string, noun: string): number | null {
  const match = new RegExp(`([\\d,]+) ${noun}`).exec(text);
  return match ? Number(match[1].replace(/,/g, '')) : null;
}

/** What one step measured in the page and around it. */
interface StepResult {
  /** Milliseconds from the action's event to each mark. */
  ms: Record<string, number>;
  /** The action's event, in the page's time. */
  startedAt: number;
  cost: { peakPssMb: number; cpuSeconds: number };
  /** Long tasks from `from` (or the action) to the last mark. */
  longTasks: { longest: number; count: number };
}

/** How one step is run. */
interface StepOptions {
  timeout: number;
  /** A meter started earlier, when the step began before its timed action (search: the typing). */
  meter?: StepMeter;
  /** Page time the step began, for its long tasks, when before the timed action. */
  from?: number;
}

/**
 * One step: watches `marks` in the page, does `act` (the first `startEvent` on the document starts the clock),
 * waits until every mark is met, and reads memory and long tasks over the step.
 */
async function runStep(
  page: Page,
  marks: Record<string, Mark>,
  startEvent: string,
  act: () => Promise<void>,
  options: StepOptions,
): Promise<StepResult> {
  await page.evaluate(([m, e]) => window.__bench.watch(m, e), [marks, startEvent] as const);
  const meter = options.meter ?? new StepMeter();
  let cost: StepResult['cost'];
  try {
    await act();
    await waitForMarks(page, Object.keys(marks), options.timeout);
  } finally {
    cost = meter.stop();
  }
  return readStep(page, cost, options.from);
}

/** Waits until the page has met every mark named. */
async function waitForMarks(page: Page, names: string[], timeout: number): Promise<void> {
  await page.waitForFunction((n) => n.every((name) => name in (window.__bench.step?.at ?? {})), names, {
    timeout,
    polling: 250,
  });
}

/** The page's record of the step just finished; `from` (page time) starts its long-task window when given. */
async function readStep(page: Page, cost: StepResult['cost'], from?: number): Promise<StepResult> {
  const { step, longTasks } = await page.evaluate(() => ({
    step: window.__bench.step,
    longTasks: window.__bench.longTasks,
  }));
  if (!step || step.startedAt === null) throw new Error("the step's action never reached the page");
  const startedAt = step.startedAt;
  const ms = Object.fromEntries(Object.entries(step.at).map(([name, at]) => [name, round(at - startedAt)]));
  const end = Math.max(...Object.values(step.at));
  return { ms, startedAt, cost, longTasks: longTasksIn(longTasks, from ?? startedAt, end) };
}

/** The fields every step's record has. */
function stepFields(result: StepResult, errors: number): BenchRecord {
  return {
    peak_pss_mb: result.cost.peakPssMb,
    cpu_s: result.cost.cpuSeconds,
    longest_task_ms: result.longTasks.longest,
    long_tasks_over_50ms: result.longTasks.count,
    console_errors: errors,
    loadavg_1m: round(loadavg()[0], 2),
  };
}

/** A Chromium trace of the page's main thread, taken through the DevTools protocol (a persistent context has no
 * Browser to call startTracing on). */
async function startTrace(context: BrowserContext, page: Page, sampled = false): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
  // Sampled: V8's CPU profiles of every thread (the workers' too), to see where a worker's time goes.
  if (sampled) categories.push('disabled-by-default-v8.cpu_profiler');
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  return cdp;
}

/** Ends the trace and returns its events. */
async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events;
}

/** The main thread's tasks over 50 ms of CPU in a trace, with their CPU and wall milliseconds, and the busiest. */
function heavyTasks(events: TraceEvent[]): BenchRecord {
  const tasks = mainThreadTasks(events);
  const heavy = tasks.filter((task) => task.cpuMs > 50);
  return {
    trace_main_thread_tasks: tasks.length,
    trace_busiest_task_cpu_ms: round(Math.max(0, ...tasks.map((task) => task.cpuMs))),
    trace_tasks_over_50ms_cpu: heavy.map((task) => `${round(task.cpuMs)} cpu / ${round(task.wallMs)} wall`).join(', '),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The datasets

/** The dataset named on the command line, or null (logged) when it cannot be had. */
function appDataset(name: string, log: (message: string) => void): AppDataset | null {
  if (name === 'small') {
    const dir = movielensDir();
    if (!dir) {
      log(`${movielensMissing}; skipping ml-latest-small`);
      return null;
    }
    return { name: 'ml-latest-small', files: datasetFiles(join(dir, 'ml-latest-small')), patience: 120_000 };
  }
  if (name === '32m') {
    // Its three files are written one after the other: a folder without links.csv was left half made.
    if (!['ratings.csv', 'movies.csv', 'links.csv'].every((file) => existsSync(join(SHAPED_32M, file)))) {
      log(`generating ${SHAPED_32M} (once): npm run gen -- ${GEN_32M.join(' ')}`);
      // Its JSON line goes to stderr: stdout is this benchmark's records.
      execFileSync('npm', ['run', '-s', 'gen', '--', ...GEN_32M], { stdio: ['ignore', 2, 2] });
    }
    return { name: 'ml-32m-shaped', files: datasetFiles(SHAPED_32M), patience: 900_000 };
  }
  throw new Error(`--app-data: no dataset '${name}' (small, 32m)`);
}

/** ratings.csv, movies.csv and links.csv of a folder, those present. */
function datasetFiles(dir: string): string[] {
  return ['ratings.csv', 'movies.csv', 'links.csv'].map((file) => join(dir, file)).filter((path) => existsSync(path));
}

/** The title of movies.csv's first film, without its year: what the search step types. */
function firstTitle(moviesCsv: string): string {
  const line = readFileSync(moviesCsv, 'utf8').split('\n', 2)[1] ?? '';
  const field = line.slice(line.indexOf(',') + 1);
  const title = field.startsWith('"') ? /^"((?:[^"]|"")*)"/.exec(field)![1].replace(/""/g, '"') : field.split(',')[0];
  return title.replace(/\s*\(\d{4}\)\s*$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// The app's steps

/** What the app's steps found that the engine's run needs, and their records (engine figures still to add). */
interface AppRun {
  records: BenchRecord[];
  /** The picked film, for the engine's query (null when the search step did not get that far). */
  movieId: number | null;
  /** The app's training worker count, for the engine's fit. */
  workers: number;
}

/**
 * Drives the app through its steps in a Chromium of its own, on a new profile in a temporary folder: a person's
 * browser keeps IndexedDB on disk, where a Playwright context (off the record) keeps it in memory, which would count
 * the saved dataset and model in the processes' PSS.
 */
async function appSteps(
  url: string,
  data: AppDataset,
  memory: MemoryPath,
  log: (message: string) => void,
  loadOnly = false,
): Promise<AppRun> {
  const { chromium } = await import('@playwright/test');
  const profile = mkdtempSync(join(tmpdir(), 'marquee-app-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    // A copy-path host sends no isolation headers, and the service worker must not add them (src/pwa/isolation.ts).
    serviceWorkers: memory === 'copy' ? 'block' : 'allow',
  });
  try {
    // No request is routed through Playwright: that would put a round trip to Node in every request the page and
    // its workers make. On a closed network (this machine's) the posters' TMDB requests fail at once and the walls
    // show generated posters; elsewhere they load as a person's would.
    // The page the persistent context opened with, so no second tab costs memory.
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => {
      errors.push(error.message);
      log(`  page error: ${error.message}`);
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      errors.push(message.text());
      log(`  console error: ${message.text()}`);
    });
    await page.addInitScript({ content: KEEP_NAMES_SHIM });
    await page.addInitScript(installBenchHooks);
    await page.addInitScript(() => localStorage.setItem('marquee:auto-train', 'off'));
    await page.goto(url);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    if (isolated !== (memory === 'shared'))
      throw new Error(`the page is ${isolated ? '' : 'not '}cross-origin isolated on the ${memory} memory path`);
    // The first screen's own start-up is not the load's.
    await page.waitForTimeout(2000);
    const base = { kind: 'app', dataset: data.name, memory };
    const records: BenchRecord[] = [];
    let errorsBefore = errors.length;
    const newErrors = () => {
      const count = errors.length - errorsBefore;
      errorsBefore = errors.length;
      return count;
    };

    // A step that fails (a timeout, an error in the page) ends this dataset's run; what was measured is kept.
    let step = 'load';
    let movieId: number | null = null;
    let workers = 1;
    try {
      // 1. load: the files on the input -> the dataset summary in the status line.
      log(`  ${data.name}, ${memory} memory: load`);
      const input = page.getByLabel('MovieLens files', { exact: true });
      const loadTracing = process.env.APP_TRACE ? await startTrace(context, page, true) : null;
      const load = await runStep(
        page,
        { summary: { status: '\\d ratings', statusNot: 'Loading' } },
        'change',
        () => input.setInputFiles(data.files),
        { timeout: data.patience },
      );
      const summary = await statusText(page);
      // A person clicks Train once the page is quiet: the fit's estimate shown beside Train, which the app measures
      // once the dataset's save is over (src/state/app.svelte.ts, #trainIfQuick).
      const readyAt = await page
        .waitForFunction(
          () => {
            const train = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Train model');
            return !!train?.getAttribute('aria-describedby') && !train.disabled && performance.now();
          },
          undefined,
          { timeout: data.patience, polling: 250 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>);
      const {
        estimate,
        savedAt: datasetSavedAt,
        readerAnsweredAt,
      } = await page.evaluate(() => {
        const save = performance.getEntriesByName('marquee:save')[0];
        const read = performance.getEntriesByName('marquee:load')[0];
        return {
          estimate: document.querySelector('[id$="-estimate"]')?.textContent ?? null,
          savedAt: save ? save.startTime + save.duration : null,
          readerAnsweredAt: read ? read.startTime + read.duration : null,
        };
      });
      const loadedAt = load.startedAt + load.ms.summary;
      let loadTraced: BenchRecord = {};
      if (loadTracing) {
        const events = await stopTrace(loadTracing);
        const file = join(process.env.APP_TRACE!, `load-${data.name}-${memory}.json`);
        writeFileSync(file, JSON.stringify({ traceEvents: events }));
        loadTraced = { trace: file, ...heavyTasks(events) };
      }
      records.push({
        ...base,
        step: 'load',
        ms: load.ms.summary,
        engine_ms: null,
        ratings: count(summary, 'ratings?'),
        users: count(summary, 'users?'),
        movies: count(summary, 'movies?'),
        ratings_bytes: statSync(data.files[0]).size,
        // The reader worker's answer (the dataset on the page, `marquee:load`'s end) after the files were set: the
        // rest of `ms` is the page showing it.
        reader_answered_ms: readerAnsweredAt === null ? null : round(readerAnsweredAt - load.startedAt),
        // After the summary: the dataset saved (null: not saved, see alerts), the estimate shown.
        dataset_saved_ms: datasetSavedAt === null ? null : round(datasetSavedAt - loadedAt),
        ready_for_train_ms: round(readyAt - loadedAt),
        alerts: await alertText(page),
        ...stepFields(load, newErrors()),
        ...loadTraced,
      });
      if (loadOnly) return { records, movieId, workers };
      await page.waitForTimeout(1000);

      // 2. train: a click on Train -> "Trained in N s" -> the first wall's posters.
      step = 'train';
      log(`  ${data.name}, ${memory} memory: train (estimated ${estimate ?? 'unknown'})`);
      const train = await runStep(
        page,
        { trained: { status: 'Trained in \\d' }, cards: FIRST_WALL_CARDS, wall: FIRST_WALL },
        'click',
        () => page.getByRole('button', { name: 'Train model' }).click(),
        { timeout: data.patience },
      );
      const trained = /Trained in (\d+\.\d+) s · (.*)$/m.exec(await statusText(page));
      const run = trained?.[2].trim() ?? '';
      workers = count(run, 'workers?') ?? 1;
      records.push({
        ...base,
        step: 'train',
        ms: train.ms.wall,
        engine_ms: null,
        trained_ms: train.ms.trained,
        cards_ms: train.ms.cards,
        fit_ms: trained ? round(Number(trained[1]) * 1000) : null,
        estimate,
        run,
        ...stepFields(train, newErrors()),
      });

      step = 'idle';
      // Idle: once the model is saved (or its save failed), and at least IDLE_AFTER_MS after the wall, five samples
      // 200 ms apart.
      const wallAt = train.startedAt + train.ms.wall;
      const savedAt = await page
        .waitForFunction(
          (after) => {
            const save = performance.getEntriesByName('marquee:save').find((entry) => entry.startTime >= after);
            if (save) return save.startTime + save.duration;
            // A save that failed: the Library's problem notice (src/ui/library/SaveNotice.svelte).
            return document.querySelector('.problem[role=alert]') ? -1 : false;
          },
          train.startedAt,
          { timeout: data.patience, polling: 250 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>);
      const now = await page.evaluate(() => performance.now());
      await page.waitForTimeout(Math.max(0, wallAt + IDLE_AFTER_MS - now));
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        samples.push(pssMb(chromiumPids()));
        await page.waitForTimeout(SAMPLE_MS);
      }
      samples.sort((a, b) => a - b);
      const idleAt = await page.evaluate(() => performance.now());
      const idleTasks = longTasksIn(await page.evaluate(() => window.__bench.longTasks), wallAt, idleAt);
      records.push({
        ...base,
        step: 'idle',
        ms: null,
        engine_ms: null,
        pss_mb: round(samples[2]),
        after_wall_ms: round(idleAt - wallAt),
        model_saved_ms: savedAt < 0 ? null : round(savedAt - wallAt),
        alerts: await alertText(page),
        longest_task_ms: idleTasks.longest,
        long_tasks_over_50ms: idleTasks.count,
        console_errors: newErrors(),
        loadavg_1m: round(loadavg()[0], 2),
      });

      // 3. search + pick: a title typed, its first suggestion clicked -> that film's wall.
      step = 'search';
      const query = firstTitle(data.files[1]);
      log(`  ${data.name}, ${memory} memory: search "${query}" and pick`);
      const searchMeter = new StepMeter();
      const typedFrom = await page.evaluate(() => performance.now());
      await page.getByRole('combobox', { name: 'Search movies' }).pressSequentially(query);
      const suggestion = page.getByRole('option').first();
      await suggestion.waitFor({ timeout: data.patience });
      const suggestedAt = await page.evaluate(() => performance.now());
      // A person reads the suggestions before picking one.
      await page.waitForTimeout(300);
      const pick = await runStep(
        page,
        { hero: { selector: '#chosen-title' }, wall: CHOSEN_WALL },
        'click',
        () => suggestion.click(),
        { timeout: data.patience, meter: searchMeter, from: typedFrom },
      );
      const picked = await page.evaluate(() => ({
        title: document.querySelector('#chosen-title')?.textContent ?? '',
        movieId: Number(document.querySelector('article[data-movie-id]')?.getAttribute('data-movie-id')),
      }));
      movieId = picked.movieId;
      records.push({
        ...base,
        step: 'search',
        ms: pick.ms.wall,
        engine_ms: null,
        hero_ms: pick.ms.hero,
        query,
        picked: picked.title,
        movie_id: picked.movieId,
        // Includes Playwright typing the keys one by one: an upper bound of the search's own time.
        type_to_suggestions_ms: round(suggestedAt - typedFrom),
        ...stepFields(pick, newErrors()),
      });

      // 4. reload -> a wall again. The clock starts in Node (the page that would time it goes away); the new page's
      // timeOrigin is on the same wall clock, so the wall's time in it is placed against the reload's start.
      step = 'reload';
      log(`  ${data.name}, ${memory} memory: reload`);
      const marks: Record<string, Mark> = { wall: { selector: ANY_WALL, count: WALL_SIZE } };
      await page.addInitScript((m) => window.__bench.watch(m, null), marks);
      const traceDir = process.env.APP_TRACE;
      const tracing = traceDir ? await startTrace(context, page) : null;
      const reloadMeter = new StepMeter();
      const reloadedAt = Date.now();
      let reloadCost: StepResult['cost'];
      try {
        await page.reload({ waitUntil: 'commit', timeout: data.patience });
        await waitForMarks(page, Object.keys(marks), data.patience);
      } finally {
        reloadCost = reloadMeter.stop();
      }
      const timeOrigin = await page.evaluate(() => performance.timeOrigin);
      const reload = await readStep(page, reloadCost);
      const restored = await statusText(page);
      let traced: BenchRecord = {};
      if (tracing) {
        await page.waitForFunction(() => performance.getEntriesByName('marquee:restore-ratings').length > 0, null, {
          timeout: data.patience,
          polling: 250,
        });
        await page.waitForTimeout(2000);
        const events = await stopTrace(tracing);
        const file = join(traceDir!, `reload-${data.name}-${memory}.json`);
        writeFileSync(file, JSON.stringify({ traceEvents: events }));
        traced = { trace: file, ...heavyTasks(events) };
      }
      records.push({
        ...base,
        step: 'reload',
        ms: round(timeOrigin + reload.ms.wall - reloadedAt),
        engine_ms: null,
        navigation_to_wall_ms: reload.ms.wall,
        status: restored,
        chosen: await page.evaluate(() => document.querySelector('#chosen-title')?.textContent ?? null),
        ...stepFields(reload, newErrors()),
        ...traced,
      });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      log(`  ${data.name}, ${memory} memory: ${step} failed: ${message}`);
      records.push({ ...base, step, error: message, console_errors: newErrors(), loadavg_1m: round(loadavg()[0], 2) });
    }
    return { records, movieId, workers };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The engine alone, on the same data

/** The engine's own times for the steps that have one. */
interface EngineRun {
  /** The reader's ingest record (tests/bench/ingest.ts) for the same ratings.csv. */
  ingest: BenchRecord;
  /** Trainer.fit's own time (Model.trainMs), and the call's wall time around it (null: the ingest alone ran). */
  fitMs: number | null;
  fitCallMs: number | null;
  memory: string;
  /** One similarItems query for the picked film, the wall's (after one untimed to warm the worker up). */
  queryMs: number | null;
}

/** The app's modules as the benchmark page's dev server serves them. */
const MODULES = {
  reader: '/src/data/reader.ts',
  trainer: '/src/engine/trainer.ts',
  recommender: '/src/engine/recommender.ts',
  api: '/src/engine/api.ts',
  weighting: '/src/data/weighting.ts',
};

/**
 * In the benchmark page (tests/bench/browser/index.html), in a Chromium of its own: the reader's ingest of ratings.csv
 * (`runIngest`, as run.ts's ingest part), then a fit as the app's Train makes it (its default settings and
 * weighting, the app's worker count, the same memory path) once the Trainer's warm-up is over, then the wall's query;
 * the ingest alone without `app`.
 */
async function engineSteps(
  benchUrl: string,
  data: AppDataset,
  memory: MemoryPath,
  app: AppRun | null,
  log: (message: string) => void,
): Promise<EngineRun> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    log(`  ${data.name}, engine alone: chromium ${browser.version()}`);
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`  bench page error: ${error.message}`));
    await page.addInitScript({ content: KEEP_NAMES_SHIM });
    await page.goto(`${benchUrl}tests/bench/browser/index.html`);
    await page.waitForFunction(() => 'runIngest' in window);
    await page.setInputFiles('#ratings', data.files[0]);
    log(`  ${data.name}, engine alone: ingest`);
    const ingest = await page.evaluate(() => window.runIngest());
    if (!app) return { ingest, fitMs: null, fitCallMs: null, memory, queryMs: null };
    log(`  ${data.name}, engine alone: fit with ${app.workers} workers, ${memory} memory`);
    const fit = await page.evaluate(
      async ({ modules, workers, memory, movieId, n, minRatings }) => {
        const { Reader } = (await import(modules.reader)) as typeof import('../../src/data/reader');
        const { Trainer } = (await import(modules.trainer)) as typeof import('../../src/engine/trainer');
        const { Recommender } = (await import(modules.recommender)) as typeof import('../../src/engine/recommender');
        const { DEFAULT_SETTINGS } = (await import(modules.api)) as typeof import('../../src/engine/api');
        const { weightedDataset } = (await import(modules.weighting)) as typeof import('../../src/data/weighting');
        const file = (document.getElementById('ratings') as HTMLInputElement).files![0];
        const { dataset } = await new Reader().load([file]);
        if (!dataset) throw new Error(`${file.name} was not read`);
        const trainer = await Trainer.start({ workers, memory });
        try {
          await trainer.calibration(); // the warm-up, which the app runs before Train is clicked
          const settings = { ...DEFAULT_SETTINGS };
          const started = performance.now();
          const model = await trainer.fit(await weightedDataset(dataset, settings), settings);
          const fitCallMs = performance.now() - started;
          const recommender = await Recommender.create(model, dataset);
          try {
            if (movieId === null) return { fitMs: model.trainMs, fitCallMs, memory: model.run.memory, queryMs: null };
            const item = dataset.itemIds.indexOf(movieId);
            await recommender.similarItems(item, n, { minRatings });
            const asked = performance.now();
            await recommender.similarItems(item, n, { minRatings });
            const queryMs = performance.now() - asked;
            return { fitMs: model.trainMs, fitCallMs, memory: model.run.memory, queryMs };
          } finally {
            recommender.terminate();
          }
        } finally {
          trainer.terminate();
        }
      },
      {
        modules: MODULES,
        workers: app.workers,
        memory,
        movieId: app.movieId,
        n: WALL_SIZE,
        minRatings: WALL_MIN_RATINGS,
      },
    );
    return { ingest, ...fit };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** The engine's figures for a step's record: engine_ms (null where the engine alone has no such step) and detail. */
function engineFields(step: string, engine: EngineRun): BenchRecord {
  const ms = (value: number | null) => (value === null ? null : round(value, value < 10 ? 2 : 0));
  switch (step) {
    case 'load':
      return {
        engine_ms: ms(Number(engine.ingest.seconds) * 1000),
        engine_what: 'reader: ratings.csv parsed and indexed (runIngest)',
        engine_mb_per_s: engine.ingest.mb_per_s,
      };
    case 'train':
      return {
        engine_ms: ms(engine.fitMs),
        engine_what: 'Trainer.fit, app settings (Model.trainMs)',
        engine_call_ms: ms(engine.fitCallMs),
        engine_memory: engine.memory,
      };
    case 'search':
      return { engine_ms: ms(engine.queryMs), engine_what: 'similarItems, warm (the wall query)' };
    default:
      return { engine_ms: null };
  }
}

/** Serves the built site as a host without COOP/COEP would (Vite's preview with no config: no headers added). */
function previewWithoutIsolation(outDir: string): Promise<PreviewServer> {
  return preview({
    configFile: false,
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'error',
  });
}

/** The dev server for the benchmark page, which imports the app's modules from source; no watching or reloads. */
async function benchPageServer(): Promise<ViteDevServer> {
  const server = await createServer({
    server: { port: 0, host: '127.0.0.1', hmr: false, watch: { ignored: ['**/*'] } },
    logLevel: 'error',
  });
  return server.listen();
}

/**
 * `--app-load-pairs N`: the app's load and the engine's ingest of the same files, N times in turn; one record per
 * pair (the load's, with the ingest's time and their ratio) and one with the medians.
 */
async function loadPairs(
  url: string,
  benchUrl: string,
  data: AppDataset,
  options: AppBenchOptions,
  emit: (record: BenchRecord) => void,
  log: (message: string) => void,
): Promise<void> {
  const ratios: number[] = [];
  const loads: number[] = [];
  const ingests: number[] = [];
  for (let pair = 1; pair <= options.loadPairs; pair++) {
    const app = await appSteps(url, data, options.memory, log, true);
    const load = app.records.find((record) => record.step === 'load' && typeof record.ms === 'number');
    if (!load) throw new Error(`the app's load failed: ${JSON.stringify(app.records)}`);
    const engine = await engineSteps(benchUrl, data, options.memory, null, log);
    const engineMs = Number(engine.ingest.seconds) * 1000;
    const ratio = (load.ms as number) / engineMs;
    loads.push(load.ms as number);
    ingests.push(engineMs);
    ratios.push(ratio);
    const record = { ...load, pair, ...engineFields('load', engine), ratio: round(ratio, 3) };
    log(`  ${JSON.stringify(record)}`);
    emit(record);
  }
  const record = {
    kind: 'app',
    dataset: data.name,
    memory: options.memory,
    step: 'load-pairs',
    pairs: ratios.length,
    ms: round(median(loads)),
    engine_ms: round(median(ingests)),
    ratio_median: round(median(ratios), 3),
    ratios: ratios.map((ratio) => round(ratio, 3)),
  };
  log(`  ${JSON.stringify(record)}`);
  emit(record);
}

/** `--only app`: the app's steps and the engine's, per dataset; one record per step goes to `emit`. */
export async function benchApp(
  options: AppBenchOptions,
  emit: (record: BenchRecord) => void,
  log: (message: string) => void,
): Promise<void> {
  const datasets = options.datasets.map((name) => appDataset(name, log)).filter((data) => data !== null);
  if (datasets.length === 0) return;
  const site =
    options.memory === 'shared'
      ? await serveSite(options.site, log)
      : await previewWithoutIsolation(buildSite(options.site, log));
  const url = site.resolvedUrls!.local[0];
  // Started after the first dataset's app steps, so it costs them nothing.
  let bench: ViteDevServer | null = null;
  log(`${options.memory} memory, site ${url}`);
  try {
    for (const data of datasets) {
      if (options.loadPairs > 0) {
        bench ??= await benchPageServer();
        await loadPairs(url, bench.resolvedUrls!.local[0], data, options, emit, log);
        continue;
      }
      const app = await appSteps(url, data, options.memory, log);
      let engine: EngineRun | null = null;
      try {
        bench ??= await benchPageServer();
        engine = await engineSteps(bench.resolvedUrls!.local[0], data, options.memory, app, log);
      } catch (error) {
        log(`  ${data.name}, engine alone failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const record of app.records) {
        const full = { ...record, ...(engine ? engineFields(record.step as string, engine) : {}) };
        log(`  ${JSON.stringify(full)}`);
        emit(full);
      }
    }
  } finally {
    await bench?.close();
    await new Promise<void>((resolve) => site.httpServer.close(() => resolve()));
  }
}
