/**
 * The tuning run on real ml-latest-small, kept small (8 factors, 4 iterations around which the grid spans) so 12
 * configurations finish in well under a minute on 2 cores: progress, a sortable table, best >= the starting
 * settings, charts per parameter, and "Apply best settings".
 */
import { progressSeen } from './support/flows.ts';
import { expect, test } from './support/test.ts';
import { openEvaluate } from './support/evaluate.ts';

test('Tune: 12 configurations, best NDCG@10 at least the starting settings, applied in one click', async ({
  page,
}, testInfo) => {
  if (!(await openEvaluate(page))) return;
  await page.getByRole('spinbutton', { name: 'Factors', exact: true }).fill('8');
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('4');
  // Fewer than 12 is not a run: the field says what will run once the person moves on, and while it runs.
  const count = page.getByRole('spinbutton', { name: 'Configurations' });
  await count.fill('1');
  await count.press('Tab');
  await expect(count).toHaveValue('12');
  await page.getByRole('button', { name: 'Tune', exact: true }).click();
  const progress = page.getByRole('progressbar', { name: 'Tuning' });
  await expect(progress).toHaveAttribute('aria-valuetext', /Configuration [1-9]\d* of 12|Splitting the ratings/);
  await expect(progress).toHaveAttribute('aria-valuetext', /Configuration [1-9]\d* of 12/);
  await expect(count).toHaveValue('12');
  const table = page.getByRole('table', { name: 'Tuning results' });
  await expect(table.locator('tbody tr')).toHaveCount(12, { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Tune', exact: true })).toBeEnabled();
  expect((await progressSeen(page))['Tuning']).toBeGreaterThanOrEqual(1);

  const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
  const ndcgColumn = headers.indexOf('NDCG@10');
  const read = () =>
    table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
  // Sorted by NDCG@10, best first, by default.
  const ndcgHeader = table.getByRole('columnheader', { name: /NDCG@10/ });
  await expect(ndcgHeader).toHaveAttribute('aria-sort', 'descending');
  let rows = await read();
  const ndcgs = rows.map((r) => Number(r[ndcgColumn]));
  expect([...ndcgs].sort((a, b) => b - a)).toEqual(ndcgs);
  const starting = rows.find((r) => r[0] === '1')!;
  expect(starting.slice(1, 5)).toEqual(['8', '0.01', '1', '4']);
  const best = rows[0];
  expect(Number(best[ndcgColumn])).toBeGreaterThanOrEqual(Number(starting[ndcgColumn]));
  expect(new Set(rows.map((r) => r.slice(1, 5).join('|'))).size).toBe(12);

  // Headers are buttons: the keyboard sorts too (Enter on NDCG@10 flips it to ascending).
  await ndcgHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(ndcgHeader).toHaveAttribute('aria-sort', 'ascending');
  // Clicking a header sorts by it; clicking again flips the direction.
  const factorsHeader = table.getByRole('columnheader', { name: /Factors/ });
  await factorsHeader.getByRole('button').click();
  await expect(factorsHeader).toHaveAttribute('aria-sort', 'descending');
  await factorsHeader.getByRole('button').click();
  await expect(factorsHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(ndcgHeader).toHaveAttribute('aria-sort', 'none');
  rows = await read();
  const factors = rows.map((r) => Number(r[1]));
  expect([...factors].sort((a, b) => a - b)).toEqual(factors);

  for (const parameter of ['factors', 'regularization', 'alpha', 'iterations']) {
    await expect(
      page.getByRole('img', { name: new RegExp(`^NDCG@10 against ${parameter}: 12 configurations`) }),
    ).toBeVisible();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('tune-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('tune-phone.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('button', { name: 'Apply best settings' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Factors', exact: true })).toHaveValue(best[1]);
  await expect(page.getByRole('spinbutton', { name: 'Regularization', exact: true })).toHaveValue(best[2]);
  await expect(page.getByRole('spinbutton', { name: 'Alpha', exact: true })).toHaveValue(best[3]);
  await expect(page.getByRole('spinbutton', { name: 'Iterations', exact: true })).toHaveValue(best[4]);

  // A long run can be cancelled; what finished stays in the table.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('80');
  await page.getByRole('button', { name: 'Tune', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Tuning' })).toHaveAttribute('aria-valuenow', '1', {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Cancel tuning' }).click();
  await expect(page.getByText(/Tuning cancelled after \d+ of 12 configurations\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tune', exact: true })).toBeEnabled();
  expect(await table.locator('tbody tr').count()).toBeLessThan(12);
});
