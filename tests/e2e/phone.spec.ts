/**
 * At phone width (375 and 390 px) the whole flow fits: no horizontal scrolling, every view tab on screen, touch
 * wording; screenshots for a person to look at.
 */
import { expectWall, loadSample, popularTitle, train, pickMostRated } from './support/flows.ts';
import { expect, test } from './support/test.ts';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

/** True when the page is wider than the screen. */
const scrollsSideways = (page: import('@playwright/test').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('phone width: no horizontal scrolling from the first screen to the wall', async ({ page }, testInfo) => {
  await page.goto('/');
  expect(await scrollsSideways(page), 'empty page scrolls sideways').toBe(false);
  const empty = await page.screenshot({ fullPage: true, path: 'test-results/phone-empty.png' });
  await testInfo.attach('phone, empty', { body: empty, contentType: 'image/png' });

  await loadSample(page);
  await train(page, { iterations: 5 });
  await popularTitle(page);
  await expectWall(page, await pickMostRated(page), 10);
  expect(await scrollsSideways(page), 'wall scrolls sideways').toBe(false);

  await page.getByRole('heading', { level: 2, name: /Explore/ }).scrollIntoViewIfNeeded();
  const shot = await page.screenshot({ fullPage: true, path: 'test-results/phone-wall.png' });
  await testInfo.attach('phone, poster wall', { body: shot, contentType: 'image/png' });
});

test.describe('a 390 x 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('shows every view tab without sideways scrolling, and speaks of taps, not hovering', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await loadSample(page);
    await train(page, { iterations: 5 });
    const tablist = page.getByRole('tablist', { name: 'Views' });
    const tabs = tablist.getByRole('tab');
    await expect(tabs).toHaveCount(5);
    expect(await tablist.evaluate((list) => list.scrollWidth <= list.clientWidth), 'tab bar scrolls sideways').toBe(
      true,
    );
    for (const tab of await tabs.all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x, `${await tab.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${await tab.textContent()} ends on screen`).toBeLessThanOrEqual(390);
    }
    await tablist.scrollIntoViewIfNeeded();
    const shot = await page.screenshot({ path: 'test-results/phone-390-tabs.png' });
    await testInfo.attach('phone 390 x 844, view tabs', { body: shot, contentType: 'image/png' });

    // A touch screen has no hover: the map's hint says what a finger does.
    expect(await page.evaluate(() => matchMedia('(hover: none)').matches)).toBe(true);
    await page.getByRole('tab', { name: 'Map' }).click();
    const hint = page.getByText('Films close together were liked by the same people.');
    await expect(hint).toBeVisible();
    await expect(hint).toContainText('tap a film');
    expect(await hint.innerText()).not.toMatch(/hover/i);
  });
});
