/**
 * The Evaluate view on real ml-latest-small: ALS far above popularity with figures within the noise of implicit's
 * (../shared/reference/implicit-ml-latest-small.md), the For you (3 likes) table, the held-out NDCG per iteration, a
 * BM25-weighted run, and cancel.
 */
import type { Page } from '@playwright/test';
import { openEvaluate } from './support/evaluate.ts';
import { progressSeen, status } from './support/flows.ts';
import { expect, test } from './support/test.ts';

/** The Evaluation table's rows as numbers: [P, MAP, NDCG, AUC] keyed by the Model cell. */
async function readEvaluation(page: Page): Promise<{ model: string; values: number[] }[]> {
  const table = page.getByRole('table', { name: 'Evaluation' });
  await expect(table.getByRole('row')).toHaveCount(3, { timeout: 120_000 });
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers.map((h) => h.trim())).toEqual(['Model', 'P@10', 'MAP@10', 'NDCG@10', 'AUC@10']);
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      model: row.querySelector('th')?.textContent?.trim() ?? '',
      values: [...row.querySelectorAll('td')].map((td) => Number(td.textContent)),
    })),
  );
}

test('Evaluate: ALS with the defaults is far above popularity, within the noise of implicit', async ({
  page,
}, testInfo) => {
  if (!(await openEvaluate(page))) return;
  // Measured, not asserted (timings are noisy): main-thread long tasks while evaluating.
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
      type: 'longtask',
    });
  });
  const startedMs = Date.now();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const rows = await readEvaluation(page);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  console.log(
    `evaluate took ${Date.now() - startedMs} ms; long tasks: ${longTasks.length}, max ${Math.max(0, ...longTasks).toFixed(0)} ms`,
  );
  const [als, popularity] = rows;
  console.log(JSON.stringify(rows));
  expect(als.model).toMatch(/^ALS · 64 factors/);
  expect(popularity.model).toMatch(/^Popularity/);
  const [p, map, ndcg, auc] = als.values;
  // implicit 0.7.3, seeds 0-4: P 0.297±0.005, MAP 0.179±0.003, NDCG 0.302±0.005, AUC 0.583±0.001 (other splits
  // than ours: our PRNG is not numpy's). Bounds of about 5 sd.
  expect(p).toBeGreaterThan(0.27);
  expect(p).toBeLessThan(0.33);
  expect(map).toBeGreaterThan(0.16);
  expect(map).toBeLessThan(0.2);
  expect(ndcg).toBeGreaterThan(0.275);
  expect(ndcg).toBeLessThan(0.33);
  expect(auc).toBeGreaterThan(0.575);
  expect(auc).toBeLessThan(0.595);
  // Popularity: implicit 0.186 / 0.106 / 0.186 / 0.536 on its split.
  expect(popularity.values[0]).toBeGreaterThan(0.17);
  expect(popularity.values[0]).toBeLessThan(0.21);
  expect(p).toBeGreaterThan(1.4 * popularity.values[0]);
  expect(ndcg).toBeGreaterThan(1.4 * popularity.values[2]);
  // For you (3 likes): every For you method on the model just evaluated, then popularity. Popularity shows the
  // same ten films to everybody (coverage near 0); the debiased solve spreads over more of the catalogue than
  // implicit's exact solve, and similar films reach less popular films than either.
  const forYou = page.getByRole('table', { name: 'For you (3 likes)' });
  await expect(forYou.locator('tbody tr')).toHaveCount(5, { timeout: 120_000 });
  const forYouHeaders = (await forYou.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  expect(forYouHeaders).toEqual(['Method', 'Hit rate@10', 'NDCG@10', 'Coverage', 'Popularity rank']);
  const methods = await forYou.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      name: tr.querySelector('th')?.textContent?.trim() ?? '',
      values: [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
    })),
  );
  console.log('for you', JSON.stringify(methods));
  expect(methods.map((m) => m.name)).toEqual([
    'Debiased solve',
    "implicit's exact solve",
    'Fold-in, reg 10',
    'Similar films',
    'Popularity (most-rated films)',
  ]);
  const [debiased, exact, , similarFilms, popular] = methods.map((m) => m.values);
  for (const [hitRate, forYouNdcg] of [debiased, exact, popular]) {
    expect(hitRate).toBeGreaterThan(0.2);
    expect(forYouNdcg).toBeGreaterThan(0.03);
  }
  expect(debiased[2]).toBeGreaterThan(exact[2]);
  expect(popular[2]).toBeLessThan(0.01);
  expect(similarFilms[3]).toBeGreaterThan(exact[3]);

  // The held-out NDCG per iteration: one point per iteration, ending at the table's figure.
  const chart = page.getByRole('img', { name: /Held-out NDCG@10 per iteration, 15 iterations, last/ });
  await expect(chart).toBeVisible();
  const last = Number((await chart.getAttribute('aria-label'))?.match(/last ([\d.]+)/)?.[1]);
  expect(Math.abs(last - ndcg)).toBeLessThan(0.0015);
  await expect(page.getByRole('img', { name: /Training loss on the train part per iteration/ })).toBeVisible();
  expect((await progressSeen(page))['Evaluating']).toBeGreaterThanOrEqual(1);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('heading', { name: 'Evaluate the model' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('evaluate-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('table', { name: 'Evaluation' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('evaluate-phone.png') });
  // Nothing makes the phone page scroll sideways (wide tables scroll inside their own box).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // BM25 weighting (implicit's bm25_weight) changes the model (it lifts rarely rated films, so on this
  // popularity-heavy test set it scores below the plain ratings) and still beats popularity.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('radio', { name: /BM25/ }).check();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Evaluation' }).locator('tbody th').first()).toContainText('BM25', {
    timeout: 120_000,
  });
  const [bm25] = await readEvaluation(page);
  console.log('bm25', JSON.stringify(bm25));
  expect(bm25.values[0]).not.toBe(p);
  expect(bm25.values[0]).toBeGreaterThan(1.1 * popularity.values[0]);
  expect(bm25.values[2]).toBeGreaterThan(1.1 * popularity.values[2]);
});

test('Evaluate can be cancelled, and the explored model is untouched', async ({ page }) => {
  if (!(await openEvaluate(page))) return;
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('60');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Evaluating' })).toHaveAttribute('aria-valuenow', /^[2-9]/, {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Cancel evaluation' }).click();
  await expect(page.getByText('Evaluation cancelled.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Evaluation' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Evaluate', exact: true })).toBeEnabled();
  // No model was trained for exploring.
  await expect(status(page)).not.toContainText('Trained in');
});
