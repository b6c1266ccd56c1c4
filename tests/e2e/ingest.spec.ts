/**
 * Where ingest work runs: loading a few million ratings must leave the main thread free. Parsing and indexing run
 * in the reader worker, so a main-thread task over 50 ms would be work in the wrong place. Two views of it:
 * - A PerformanceObserver for long tasks (https://w3c.github.io/longtasks/) records wall-clock long tasks. On this
 *   2-core machine shared with other jobs, a 10 ms task can take 80 ms of wall time while the thread waits for a
 *   core, so those are reported with a timeline of the loading captions, not asserted.
 * - A Chromium trace gives each main-thread task's CPU time (RunTask's `tdur`), which waiting does not inflate:
 *   the assertion is that no main-thread task used more than 50 ms of CPU while the file was loaded.
 */
import fs from 'node:fs';
import { SUMMARY_PATTERN, status } from './support/flows.ts';
import { writeLargeRatings } from './support/generated.ts';
import { countRecords } from './support/library.ts';
import { expect, MAIN_THREAD_TAG, test } from './support/test.ts';
import { mainThreadTasks, measuredSpan, type MainThreadTask, type TraceEvent } from '../support/trace.ts';

// Playwright's own trace snapshots the page at every step: under CPU throttling those are long main-thread tasks
// of the test's own, in the window measured. The Chromium trace below is this test's record.
test.use({ trace: 'off' });

interface LongTask {
  start: number;
  duration: number;
  attribution: string[];
}

test(
  'loading and saving 3 million ratings uses no main-thread task over 50 ms, and shows rows per second',
  { tag: MAIN_THREAD_TAG },
  async ({ page, browser, cpuSlowdown }, testInfo) => {
    const path = testInfo.outputPath('ratings.csv');
    writeLargeRatings(path, 84 * 1024 * 1024); // ~3.1M rows
    const rows = fs.readFileSync(path, 'latin1').split('\n').length - 2;
    expect(rows).toBeGreaterThan(2_900_000);

    await page.addInitScript(() => {
      const seen = { tasks: [] as LongTask[], rowsPerSecond: false, captions: [] as string[] };
      (window as unknown as { __ingest: typeof seen }).__ingest = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const attribution = ((entry as unknown as { attribution?: PerformanceEntry[] }).attribution ?? []).map(
            (a) => `${a.name} ${(a as unknown as { containerType?: string }).containerType ?? ''}`,
          );
          seen.tasks.push({ start: entry.startTime, duration: entry.duration, attribution });
        }
      }).observe({ type: 'longtask', buffered: true });
      // The caption changes faster than a test can poll; note whether it ever showed rows per second.
      // It also keeps a timeline of the loading captions, to place any long task in a failure message.
      new MutationObserver(() => {
        const caption = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext') ?? 'no bar';
        if (caption.includes('rows/s')) seen.rowsPerSecond = true;
        if (seen.captions.at(-1)?.endsWith(caption)) return;
        seen.captions.push(`${Math.round(performance.now())} ms: ${caption}`);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Try the sample' })).toBeEnabled();
    // Start-up work (first render, worker and WASM set-up) must be over before the window opens: wait for a quiet
    // second with no long task.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const { tasks } = (window as unknown as { __ingest: { tasks: LongTask[] } }).__ingest;
            const last = tasks.at(-1);
            return performance.now() - (last ? last.start + last.duration : 0) > 1_000;
          }),
        { timeout: 20_000 },
      )
      .toBe(true);
    // Playwright sets up its helpers in the page on first use; that belongs to the test, not to the window.
    await page.getByLabel('MovieLens files', { exact: true }).isEnabled();
    await page.waitForFunction(() => true);
    const from = await page.evaluate(() => performance.now());
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
    // INGEST_TRACE_JS=1 also samples JavaScript, to name the functions inside a heavy task (starting the sampler is
    // itself a long task at the window's start: read such a run's failure with that in mind).
    if (process.env.INGEST_TRACE_JS) categories.push('disabled-by-default-v8.cpu_profiler');
    await browser.startTracing(page, { categories });

    await page.getByLabel('MovieLens files', { exact: true }).setInputFiles(path);
    // Until the dataset is shown and saved (the page measures 'marquee:save'), and one frame more. The wait is a
    // cheap check in the page: Playwright's locator queries walk the whole page, and under CPU throttling each
    // would be a long main-thread task of the test's own.
    await page.waitForFunction(
      (summary) =>
        new RegExp(summary).test(document.querySelector('[role="status"]')?.textContent ?? '') &&
        performance.getEntriesByName('marquee:save').length > 0 &&
        !document.querySelector('[role="progressbar"]'),
      SUMMARY_PATTERN.source,
      { polling: 250, timeout: 240_000 },
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    const to = await page.evaluate(() => performance.now());
    const traceBuffer = await browser.stopTracing();
    // INGEST_TRACE=<directory> keeps the trace as <project>[-<repeat>].json, to see what a heavy task did (Perfetto).
    const keep = process.env.INGEST_TRACE;
    const repeat = testInfo.repeatEachIndex > 0 ? `-${testInfo.repeatEachIndex}` : '';
    if (keep) fs.writeFileSync(`${keep}/${testInfo.project.name}${repeat}.json`, traceBuffer);
    const trace = JSON.parse(traceBuffer.toString()) as { traceEvents: TraceEvent[] };
    const tasks = mainThreadTasks(trace.traceEvents);
    expect(tasks.length, 'the trace holds the main thread').toBeGreaterThan(10);

    const seen = await page.evaluate(() => (window as unknown as { __ingest: unknown }).__ingest);
    const observed = seen as { tasks: LongTask[]; rowsPerSecond: boolean; captions: string[] };
    const { rowsPerSecond, captions } = observed;
    const during = observed.tasks.filter((task) => task.start + task.duration >= from && task.start <= to);
    const timeline = `window ${Math.round(from)}-${Math.round(to)} ms; captions:\n${captions.join('\n')}`;
    const busiest = tasks.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
    testInfo.annotations.push(
      { type: 'window', description: `${Math.round(to - from)} ms, ${rows} rows, ${tasks.length} main-thread tasks` },
      {
        type: 'busiest main-thread task',
        description: `${busiest.cpuMs.toFixed(1)} ms CPU, ${busiest.wallMs} ms wall`,
      },
      { type: 'wall-clock long tasks', description: `${JSON.stringify(during)}\n${timeline}` },
    );
    // The phases: reading (the page measures 'marquee:load' from the drop to the result's arrival) and saving
    // ('marquee:save'), without the tasks holding their edges: the drop's own handling and the arrival and showing
    // of the finished dataset, which happen once whatever the file's size.
    const load = measuredSpan(trace.traceEvents, 'marquee:load');
    const save = measuredSpan(trace.traceEvents, 'marquee:save');
    expect(load, 'the page measured the load').not.toBeNull();
    expect(save, 'the page measured the save').not.toBeNull();
    const reading = tasks.filter((task) => task.at > load!.start && task.endAt < load!.end);
    const saving = tasks.filter((task) => task.at > save!.start && task.at < save!.end);
    const over = (list: MainThreadTask[]) => list.filter((task) => task.cpuMs > 50);
    const heavy = over([...reading, ...saving].filter((task) => task.runsScript));
    expect(
      heavy,
      `tasks over 50 ms of CPU running script while reading or saving: ${JSON.stringify(heavy)}\n${timeline}`,
    ).toEqual([]);
    // At full speed every task of the window stays under 50 ms. With the CPU throttled (a 3x slowdown through the
    // DevTools protocol costs 4-6x the CPU time on a busy 2-core machine), a frame of rendering and the one-off
    // handling of the drop and of the finished dataset can pass it: those are printed, not asserted.
    const phaseOf = (task: MainThreadTask): string => {
      if (task.at <= load!.start) return 'the drop';
      if (task.endAt < load!.end) return 'reading';
      if (task.at <= save!.start) return 'the finished dataset';
      return task.at < save!.end ? 'saving' : 'after saving';
    };
    const overall = over(tasks);
    const report = overall
      .map((task) => `${task.cpuMs.toFixed(0)} ms (${phaseOf(task)}${task.runsScript ? '' : ', rendering'})`)
      .join('; ');
    const byPhase = new Map<string, number>();
    for (const task of tasks) byPhase.set(phaseOf(task), Math.max(byPhase.get(phaseOf(task)) ?? 0, task.cpuMs));
    const perPhase = [...byPhase].map(([phase, cpuMs]) => `${phase} ${cpuMs.toFixed(0)} ms`).join(', ');
    console.log(
      `ingest, CPU slowed ${cpuSlowdown}x: busiest main-thread task by phase: ${perPhase}; ` +
        `tasks over 50 ms of CPU: ${report || 'none'}`,
    );
    if (cpuSlowdown === 1) {
      expect(overall, `main-thread tasks over 50 ms of CPU: ${JSON.stringify(overall)}\n${timeline}`).toEqual([]);
    }
    expect(rowsPerSecond, 'the loading caption showed rows per second').toBe(true);
    const summary = (await status(page).textContent()) ?? '';
    expect(summary).toMatch(/[\d,]+ ratings/);
    expect(await countRecords(page, 'datasets'), 'the dataset was saved').toBe(1);
  },
);
