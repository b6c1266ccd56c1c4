/**
 * Ratings as feedback: the option is part of the training settings; choosing "Liked only" (with a checked
 * threshold) or BM25 retrains from the data already loaded, and the loss chart (with axes) follows each fit.
 */
import { loadSample, status, train } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test('changing the feedback weighting retrains without re-reading files', async ({ page }, testInfo) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 6 });
  await expect(page.getByRole('img', { name: /^Training loss over 6 iterations/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: /The rating/ })).toBeChecked();

  await page.getByRole('radio', { name: /Liked only/ }).check();
  const threshold = page.getByRole('spinbutton', { name: 'Liked threshold' });
  await expect(threshold).toHaveValue('4');
  await threshold.fill('9');
  await expect(page.getByText('Liked threshold must be between 0 and 5.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train model' })).toBeDisabled();
  await threshold.fill('3.5');
  await train(page, { iterations: 4 });
  await expect(page.getByRole('img', { name: /^Training loss over 4 iterations/ })).toBeVisible();

  await page.getByRole('radio', { name: /BM25/ }).check();
  await train(page, { iterations: 3 });
  await expect(page.getByRole('img', { name: /^Training loss over 3 iterations/ })).toBeVisible();
  // The Evaluate view scores the same weighting on the held-out part of the sample.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const evaluation = page.getByRole('table', { name: 'Evaluation' });
  await expect(evaluation.locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await expect(evaluation.locator('tbody th').first()).toContainText('3 iterations · BM25');
  await expect(page.getByRole('img', { name: /Held-out NDCG@10 per iteration, 3 iterations/ })).toBeVisible();
  // The files were read once: the load report still lists the one sample, and nothing is loading.
  await expect(status(page)).not.toContainText('Loading');
  await page
    .getByRole('region', { name: /Train the model/ })
    .screenshot({ path: testInfo.outputPath('feedback-train-panel.png') });
});
