/**
 * A dataset of several chunks (about 1.6 million generated ratings): the save shows a "Saving" progress bar, is done
 * in slices (long main-thread tasks during it are logged), and a reload shows the dataset from its head first, then
 * reads the ratings back with an "Opening" progress bar (Train waits for them), with no main-thread task over 50 ms
 * of CPU (from a Chromium trace: a task's CPU time, unlike its wall time, does
 * not grow when other processes take the machine's two cores).
 */
import { progressSeen, recordProgressBars, status } from './support/flows.ts';
import { writeLargeRatings } from './support/generated.ts';
import { openLibrary, savedDatasets, waitForSaved } from './support/library.ts';
import { mainThreadTasks, type TraceEvent } from '../support/trace.ts';
import { expect, test } from './support/test.ts';

test('a large dataset saves with a progress bar, in slices, and comes back on reload', async ({ page, browser }) => {
  const file = test.info().outputPath('ratings.csv');
  writeLargeRatings(file, 40 * 1024 * 1024);
  await recordProgressBars(page);
  await page.addInitScript(() => {
    const tasks: { start: number; ms: number }[] = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles(file);
  await expect(status(page)).toContainText(/[\d,]+ users · [\d,]+ movies · [\d,]+ ratings/, { timeout: 120_000 });
  const summary = (await status(page).textContent()) ?? '';
  await waitForSaved(page, 'datasets', 1);
  expect((await progressSeen(page))['Saving'], 'a Saving progress bar appeared').toBeGreaterThan(0);
  const save = await page.evaluate(() => {
    const tasks = (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks;
    const [entry] = performance.getEntriesByName('marquee:save');
    return {
      saveMs: Math.round(entry.duration),
      longTasksMs: tasks
        .filter((task) => task.start < entry.startTime + entry.duration && task.start + task.ms > entry.startTime)
        .map((task) => Math.round(task.ms)),
    };
  });
  await openLibrary(page);
  const size = (await savedDatasets(page).first().textContent()) ?? '';
  console.log(`large save: ${summary.trim()}; ${JSON.stringify(save)}; listed as: ${size.replace(/\s+/g, ' ')}`);

  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
  await browser.startTracing(page, { categories });
  await page.reload();
  await expect(status(page)).toContainText(summary.split(' — ')[0].trim().slice(0, 40), { timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByName('marquee:restore-shown').length > 0);
  // Shown from the head, before the ratings are in: the status says so and Train waits. Read in one task of the
  // page, so the ratings cannot arrive between the reads.
  const waited = await page.evaluate(() => {
    if (performance.getEntriesByName('marquee:restore-ratings').length > 0) return null;
    const train = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Train model');
    return { status: document.querySelector('[role="status"]')?.textContent ?? '', train: train?.disabled ?? null };
  });
  await page.waitForFunction(() => performance.getEntriesByName('marquee:restore-ratings').length > 0, null, {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Train model' })).toBeEnabled();
  await expect(status(page)).not.toContainText('Reading the ratings back');
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, Math.round(mark.startTime)])),
  );
  expect((await progressSeen(page))['Opening'], 'an Opening progress bar appeared').toBeGreaterThan(0);
  // The reopening on the trace's clock, from the page's own marks (the task holding the first one is start-up's).
  const markAt = (name: string): number => {
    const mark = events.filter((e) => e.name === name && e.cat?.includes('blink.user_timing')).at(-1);
    expect(mark, `${name} in the trace`).toBeDefined();
    return mark!.ts;
  };
  const [start, shown, ratings] = ['start', 'shown', 'ratings'].map((step) => markAt(`marquee:restore-${step}`));
  // The wall's part first, the ratings after it.
  expect(shown).toBeLessThan(ratings);
  if (waited) {
    expect(waited.status).toContain('Reading the ratings back');
    expect(waited.train, 'Train waits for the ratings').toBe(true);
  }
  const restoreTasks = mainThreadTasks(events).filter((task) => task.at > start && task.at < ratings);
  const heavy = restoreTasks.filter((task) => task.runsScript && task.cpuMs > 50);
  const busiest = Math.max(0, ...restoreTasks.map((task) => task.cpuMs));
  console.log(
    `large restore marks (ms since navigation): ${JSON.stringify(marks)}; busiest task ${busiest.toFixed(1)} ms CPU; ` +
      `seen before the ratings were in: ${JSON.stringify(waited)}`,
  );
  // Read in a worker and unpacked in slices: no task over 50 ms of CPU (reading 8 MB of chunks on the page was one).
  expect(
    heavy.map((task) => `${task.cpuMs.toFixed(1)} ms CPU (${task.wallMs.toFixed(1)} ms wall)`),
    'tasks over 50 ms of CPU running script while reopening',
  ).toEqual([]);
});
