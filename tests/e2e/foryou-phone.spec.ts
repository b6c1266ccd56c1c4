/** "For you" on a touch phone (no hover): the explanations sit under the posters, and nothing scrolls sideways. */
import { loadSample, pickMostRated, train } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('phone: like from the wall, then read why each film is recommended without hovering', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 5 });
  await pickMostRated(page);
  const similar = page.getByRole('list', { name: 'Similar movies' });
  await expect(similar.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  for (let i = 0; i < 3; i++) {
    await similar.locator(':scope > li').nth(i).getByRole('button', { name: 'Like', exact: true }).tap();
  }
  await page.getByRole('tab', { name: 'For you' }).tap();
  const wall = page.getByRole('list', { name: 'Recommended for you', exact: true });
  await expect(wall.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  const because = wall.locator(':scope > li').first().locator('.because');
  await expect(because).toBeVisible();
  await expect(because).toHaveText(/^Because you liked /);
  await wall.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/foryou-phone-touch.png' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
