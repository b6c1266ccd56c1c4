/**
 * A dataset of several chunks (about 1.6 million generated ratings): the save shows a "Saving" progress bar, is done
 * in slices (long main-thread tasks during it are logged), and a reload restores it with an "Opening" progress bar
 * and no long main-thread task.
 */
import { progressSeen, recordProgressBars, status } from './support/flows.ts';
import { writeLargeRatings } from './support/generated.ts';
import { openLibrary, savedDatasets, waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';

test('a large dataset saves with a progress bar, in slices, and comes back on reload', async ({ page }) => {
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

  await page.reload();
  await expect(status(page)).toContainText(summary.split(' — ')[0].trim().slice(0, 40), { timeout: 60_000 });
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, Math.round(mark.startTime)])),
  );
  expect((await progressSeen(page))['Opening'], 'an Opening progress bar appeared').toBeGreaterThan(0);
  const restoreTasks = await page.evaluate(() => {
    const tasks = (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks;
    const [start] = performance.getEntriesByName('marquee:restore-start');
    const [shown] = performance.getEntriesByName('marquee:restore-shown');
    return tasks
      .filter((task) => task.start > start.startTime && task.start < (shown?.startTime ?? Infinity))
      .map((task) => Math.round(task.ms));
  });
  console.log(`large restore marks (ms since navigation): ${JSON.stringify(marks)}; long tasks ${restoreTasks}`);
  // Read in the background and unpacked in slices: no task over 50 ms (reading 8 MB of chunks on the page was one).
  expect(restoreTasks, 'long main-thread tasks while reopening').toEqual([]);
});
