/**
 * The Workers setting: a new count takes effect at the next Train, the status says how the fit ran, a bad count is
 * explained, and the wall does not depend on the count (the engine's fits are worker-count independent).
 */
import { expectWall, loadSample, status, train, pickMostRated } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test('changing the worker count retrains on that many workers with the same results', async ({ page }) => {
  await page.goto('/');
  const workers = page.getByRole('spinbutton', { name: 'Workers', exact: true });
  await expect(workers).toHaveAccessibleDescription(/results do not depend on it/);
  const defaultCount = Number(await workers.inputValue());
  expect(defaultCount).toBeGreaterThanOrEqual(1);
  expect(defaultCount).toBeLessThanOrEqual(8);

  await loadSample(page);
  await workers.fill('1');
  await train(page, { iterations: 5 });
  // crossOriginIsolated comes from the preview server's COOP/COEP headers: the pool shares memory.
  await expect(status(page)).toContainText(/Trained in \d+\.\d\d s · 1 worker · shared memory/);
  const chosen = await pickMostRated(page);
  const oneWorker = await expectWall(page, chosen, 10);

  await workers.fill('17');
  await expect(page.getByText('Workers must be between 1 and 16.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train model' })).toBeDisabled();

  await workers.fill('3');
  await train(page, { iterations: 5 });
  await expect(status(page)).toContainText(/· 3 workers · shared memory/);
  const threeWorkers = await expectWall(page, chosen, 10);
  expect(threeWorkers.map((card) => card.movieId)).toEqual(oneWorker.map((card) => card.movieId));
});
