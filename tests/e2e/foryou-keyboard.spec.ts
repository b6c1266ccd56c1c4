/** Keyboard use of the filters and likes on the synthetic sample: focus stays where the person is. */
import { loadSample, pickMostRated, train } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test('filters and Like keep keyboard focus and answer with the keyboard', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await pickMostRated(page);
  const wall = page.getByRole('list', { name: 'Similar movies' });
  await expect(wall.locator(':scope > li[data-movie-id]')).toHaveCount(10);

  const summary = page.locator('summary', { hasText: 'Filters' });
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('details.filters')).toHaveAttribute('open', '');
  const genre = page.getByRole('group', { name: 'Exclude genres' }).getByRole('button').first();
  const name = (await genre.textContent())?.trim() ?? '';
  await genre.focus();
  await page.keyboard.press('Enter');
  await expect(genre).toHaveAttribute('aria-pressed', 'true');
  await expect(genre).toBeFocused();
  await expect
    .poll(async () => wall.locator(`:scope > li[data-genres*="${name}"]`).count(), { message: `no ${name} film left` })
    .toBe(0);

  const like = wall.locator(':scope > li').first().getByRole('button', { name: 'Like', exact: true });
  await like.focus();
  await page.keyboard.press('Space');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(like).toBeFocused();
});
