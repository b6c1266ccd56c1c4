/**
 * The search box forgives typing on real ml-latest-small titles: typos, sequel numbers written another way, words
 * left out; an exact title still comes first. Suggestions need only the titles, so no model is trained here.
 */
import { findMlLatestSmall } from './support/movielens.ts';
import { loadMlLatestSmall } from './support/pwa.ts';
import { expect, test } from './support/test.ts';

const files = findMlLatestSmall();

test('misspelled titles are suggested as they are typed; exact titles first', async ({ page }) => {
  test.skip(!files.found, files.found ? '' : files.reason);
  if (!files.found) return;
  await page.goto('/');
  await loadMlLatestSmall(page, files);
  const box = page.getByRole('combobox', { name: 'Search movies' });
  const options = page.getByRole('listbox').getByRole('option');

  const firstThree = async (typed: string) => {
    await box.fill('');
    await box.pressSequentially(typed, { delay: 15 });
    await expect(options.first()).toBeVisible();
    return (await options.allTextContents()).slice(0, 3).join(' | ');
  };
  expect(await firstThree('godfater')).toContain('Godfather');
  expect(await firstThree('shawshenk')).toContain('Shawshank Redemption');
  expect(await firstThree('lion kng')).toContain('Lion King');
  expect(await firstThree('star wars 2')).toContain('Attack of the Clones');
  expect(await firstThree('harry potter part II')).toContain('Deathly Hallows: Part 2');
  // An exact title beats the forgiving matches around it.
  await box.fill('');
  await box.pressSequentially('titanic', { delay: 15 });
  await expect(options.first()).toContainText('Titanic');
  await expect(options.first()).not.toContainText('Titanica');

  // The keyboard picks a forgiven suggestion like any other.
  await box.fill('');
  await box.pressSequentially('jurasic park', { delay: 15 });
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Jurassic Park' })).toBeVisible();
});
