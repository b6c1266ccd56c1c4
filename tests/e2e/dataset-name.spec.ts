/**
 * A dataset is called what people call it: ml-latest-small's loose files are "ml-latest-small", not "ratings.csv
 * (610 users)". The person can rename it; the new name is what the Library saves and what a reload restores.
 */
import { openLibrary, savedDatasets, waitForSaved } from './support/library.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { loadMlLatestSmall } from './support/pwa.ts';
import { expect, test } from './support/test.ts';

const files = findMlLatestSmall();

test('ml-latest-small is named after its release, and a rename is saved and restored', async ({ page }) => {
  test.skip(!files.found, files.found ? '' : files.reason);
  if (!files.found) return;
  await page.goto('/');
  await loadMlLatestSmall(page, files);
  await expect(page.getByText('In use: ml-latest-small')).toBeVisible();
  await waitForSaved(page, 'datasets', 1);

  // Blank is refused with a message; Escape leaves the name as it was.
  await page.getByRole('button', { name: 'Rename ml-latest-small' }).click();
  const field = page.getByRole('textbox', { name: 'Dataset name' });
  await expect(field).toBeFocused();
  await field.fill('   ');
  await field.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'at least one letter' })).toBeVisible();
  await field.press('Escape');
  await expect(page.getByRole('button', { name: 'Rename ml-latest-small' })).toBeFocused();

  await page.getByRole('button', { name: 'Rename ml-latest-small' }).click();
  await field.fill('Our film club');
  await field.press('Enter');
  await expect(page.getByText('In use: Our film club')).toBeVisible();
  await openLibrary(page);
  await expect(savedDatasets(page)).toHaveCount(1);
  await expect(savedDatasets(page).first()).toContainText('Our film club');

  await page.reload();
  await expect(page.getByText('In use: Our film club')).toBeVisible({ timeout: 60_000 });
});
