/** Cancel stops a long fit at once; the UI says so, the previous model keeps answering, and training works again. */
import {
  expectWall,
  loadSample,
  pickMostRated,
  progressSeen,
  recordProgressBars,
  status,
  train,
} from './support/flows.ts';
import { expect, test } from './support/test.ts';

test('cancelling a long fit keeps the previous model usable', async ({ page }) => {
  await recordProgressBars(page);
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 4 });
  const chosen = await pickMostRated(page);
  const before = await expectWall(page, chosen, 10);

  await page.getByRole('spinbutton', { name: 'Factors', exact: true }).fill('256');
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('500');
  await page.getByRole('button', { name: 'Train model' }).click();
  const bar = page.getByRole('progressbar', { name: 'Training' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuemax', '500');
  await expect(page.getByRole('spinbutton', { name: 'Iterations', exact: true })).toBeDisabled();

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page)).toContainText(/cancelled/i);
  await expect(bar).toBeHidden();
  expect((await progressSeen(page))['Training'], 'the fit stopped before its last iteration').toBeLessThan(500);
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await expect(status(page)).toContainText(/previous model \(trained in \d+\.\d\d s\) is still in use/);

  // The old model still answers: the same wall comes back after asking again.
  await page.getByText('Top 20').click();
  const twenty = await expectWall(page, chosen, 20);
  expect(twenty.slice(0, 10).map((card) => card.movieId)).toEqual(before.map((card) => card.movieId));

  // And a new fit runs to the end.
  await page.getByRole('spinbutton', { name: 'Factors', exact: true }).fill('16');
  await train(page, { iterations: 3 });
  await expectWall(page, chosen, 20);
});
