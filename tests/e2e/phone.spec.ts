/** At phone width (375 px) the whole flow fits: no horizontal scrolling, screenshots for a person to look at. */
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
