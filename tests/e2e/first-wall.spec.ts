/**
 * A first visit in one motion: dropping ml-latest-small's three files trains by itself (the fit is estimated quick)
 * and shows a wall of posters with nothing else done; the setting that turns this off is kept across visits.
 */
import { test, expect } from './support/test.ts';
import { status, loadSample } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { AUTO_TRAIN_ON } from './support/train.ts';

test.use(AUTO_TRAIN_ON);

const files = findMlLatestSmall();

test('dropping the three ml-latest-small files shows a wall of posters with no other action', async ({ page }) => {
  test.skip(!files.found, files.found ? '' : files.reason);
  if (!files.found) return;
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([files.ratings, files.movies, files.links]);

  // No click on Train: the fit starts by itself, and the search box is ready for a title meanwhile.
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  await expect(status(page)).toContainText(/Trained in \d+\.\d\d s/, { timeout: 120_000 });
  await expect(page.getByRole('combobox', { name: 'Search movies' })).toBeFocused();

  // The most rated film of ml-latest-small is Forrest Gump (329 ratings): its similar films, as posters.
  const first = page.getByRole('list', { name: /^Films like Forrest Gump/ });
  const cards = first.locator(':scope > li[data-movie-id]');
  await expect(cards).toHaveCount(10);
  const images = first.getByRole('img');
  await expect(images.first()).toBeVisible();
  expect(await images.count()).toBeGreaterThanOrEqual(10);
  const ids = await cards.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-movie-id'))));
  expect(new Set(ids).size).toBe(10);
  expect(ids).not.toContain(356); // Forrest Gump itself

  // The estimate stays beside the Train button for the next fit.
  await expect(page.getByRole('button', { name: 'Train model' })).toHaveAccessibleDescription(
    /^(under a second|about \d+ s) on this device$/,
  );
  await page.screenshot({ path: test.info().outputPath('first-wall.png') });

  // A poster of the first wall is a way in: clicking it chooses that film.
  const firstId = ids[0];
  await cards.first().getByRole('button').first().click();
  await expect(page.locator(`article[data-movie-id="${firstId}"]`)).toBeVisible();
});

test('with auto-train turned off, a load waits for Train, and the choice is kept', async ({ page }) => {
  await page.goto('/');
  const auto = page.getByRole('checkbox', { name: /Train by itself/ });
  await expect(auto).toBeChecked();
  await auto.uncheck();
  await page.reload();
  await expect(auto).not.toBeChecked();

  await loadSample(page);
  const train = page.getByRole('button', { name: 'Train model' });
  // The estimate is shown once the engine has measured this device; the fit still waits for the click.
  await expect(train).toHaveAccessibleDescription(/on this device$/);
  await expect(status(page)).not.toContainText(/Training|Trained in/);
  await expect(train).toBeEnabled();
  await train.click();
  await expect(status(page)).toContainText(/Trained in \d+\.\d\d s/, { timeout: 120_000 });
});
