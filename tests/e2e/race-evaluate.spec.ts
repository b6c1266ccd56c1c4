/** Race: an evaluation that ends after new ratings were loaded shows the old dataset's metrics as current. */
import { loadSample, status } from './support/flows.ts';
import { openEvaluate } from './support/evaluate.ts';
import { expect, test } from './support/test.ts';

test('metrics of replaced ratings are not shown for the new dataset', async ({ page }) => {
  if (!(await openEvaluate(page))) return;
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Cancel evaluation' })).toBeVisible();
  await loadSample(page);
  await expect(status(page)).toContainText('400 movies');
  await expect(page.getByRole('button', { name: 'Evaluate', exact: true })).toBeVisible({ timeout: 120_000 });
  console.log('SHOWN', await page.getByText(/Averaged over/).allTextContents());
  await expect(page.getByText(/Averaged over/)).toHaveCount(0);
});
