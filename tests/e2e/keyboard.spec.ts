/** The search box works with the keyboard alone (APG combobox): arrows, Enter, Escape; cards and history follow. */
import { chosenMovieId, expectWall, loadSample, popularTitle, train } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test('search, pick and move on with the keyboard only', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 5 });
  const title = await popularTitle(page);

  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.focus();
  await page.keyboard.type(title.slice(0, 4), { delay: 30 });
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(box).not.toHaveAttribute('aria-activedescendant', /./);

  await page.keyboard.press('ArrowDown');
  const firstId = await options.nth(0).getAttribute('id');
  await expect(box).toHaveAttribute('aria-activedescendant', firstId!);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  if ((await options.count()) > 1) {
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('ArrowUp');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  }

  // Escape closes the list and keeps the text; a second Escape clears it.
  await page.keyboard.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue(title.slice(0, 4));
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');

  // Type again, take the highlighted suggestion with Enter.
  await page.keyboard.type(title, { delay: 20 });
  await page.keyboard.press('ArrowDown');
  const activeId = await box.getAttribute('aria-activedescendant');
  const activeTitle = ((await page.locator(`[id="${activeId}"] .title`).textContent()) ?? '').trim();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: activeTitle, exact: true })).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  const first = await chosenMovieId(page);
  const cards = await expectWall(page, first, 10);

  // Tab onward to the first card and press Enter: it becomes the query.
  let reached = false;
  for (let presses = 0; presses < 25 && !reached; presses++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(
      (movieId) =>
        document.activeElement?.closest('li[data-movie-id]')?.getAttribute('data-movie-id') === String(movieId),
      cards[0].movieId,
    );
  }
  expect(reached, 'Tab reaches the first card').toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => chosenMovieId(page)).toBe(cards[0].movieId);
  await expectWall(page, cards[0].movieId, 10);

  // Back returns to the film chosen before.
  await page.goBack();
  await expect.poll(() => chosenMovieId(page)).toBe(first);
  await page.goForward();
  await expect.poll(() => chosenMovieId(page)).toBe(cards[0].movieId);

  // Back past the first film returns to the page with no film chosen, and Forward brings it back.
  await page.goBack();
  await page.goBack();
  await expect(page.locator('article[data-movie-id]')).toHaveCount(0);
  // With a model and no film chosen, the page shows its first wall (the most rated film's similar films).
  await expect(page.getByRole('list', { name: `Films like ${title}` })).toBeVisible();
  await page.goForward();
  await expect.poll(() => chosenMovieId(page)).toBe(first);
  await expectWall(page, first, 10);
});
