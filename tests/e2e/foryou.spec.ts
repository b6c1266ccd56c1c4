/**
 * "For you" on real ml-latest-small with the app's defaults: liking Toy Story, Aladdin and The Lion King gives a wall
 * without the three, explained on hover, with at least as many Animation or Children films as implicit's exact solve
 * (the Method setting); filters change it; likes persist and clear; the user-id wall leaves out what the user rated
 * unless asked to show it, and a wrong user id's message goes once a valid one is asked.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { pickWithKeyboard, status } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { expect, test } from './support/test.ts';

const TOY_STORY = 1;
const ALADDIN = 588;
const LION_KING = 364;
const LIKED = [TOY_STORY, ALADDIN, LION_KING];

/** Types into the "For you" search, highlights the suggestion containing `wanted` and presses Enter (likes it). */
async function likeFromSearch(page: Page, typed: string, wanted: RegExp): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.fill('');
  await box.pressSequentially(typed, { delay: 20 });
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  const count = await page.getByRole('listbox').getByRole('option').count();
  for (let step = 0; step < count; step++) {
    await box.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    if (wanted.test((await page.locator(`[id="${activeId}"]`).textContent()) ?? '')) {
      await box.press('Enter');
      return;
    }
  }
  throw new Error(`No suggestion for "${typed}" matches ${wanted}.`);
}

/** The cards of a named wall: movieId, genres, whether the user rated it, and the score shown. */
async function readCards(page: Page, name: string) {
  const cards = page.getByRole('list', { name, exact: true }).locator(':scope > li[data-movie-id]');
  await expect(cards.first()).toBeVisible();
  return cards.evaluateAll((elements) =>
    elements.map((element) => ({
      movieId: Number(element.getAttribute('data-movie-id')),
      genres: (element.getAttribute('data-genres') ?? '').split('|').filter(Boolean),
      rated: element.getAttribute('data-rated') === 'true',
      score: element.querySelector('.score')?.textContent ?? '',
    })),
  );
}

type Card = Awaited<ReturnType<typeof readCards>>[number];
/** The wall as ids and shown scores: another method changes the scores even where it keeps the films. */
const wallKey = (cards: Card[]) => cards.map((card) => `${card.movieId}:${card.score}`);

/** How many of the cards are Animation or Children films, and the cards in words. */
function family(cards: Card[]): { count: number; described: string } {
  const count = cards.filter((card) => card.genres.includes('Animation') || card.genres.includes('Children')).length;
  return { count, described: cards.map((c) => `${c.movieId} [${c.genres.join('|')}]`).join('; ') };
}

/** Waits for a model of the default settings: trains unless training already started by itself after the load. */
async function trainedWithDefaults(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Train model' });
  const started = /Training|Trained in/.test((await status(page).textContent()) ?? '');
  if (!started && (await button.isEnabled())) await button.click();
  await expect(status(page)).toContainText(/Trained in \d+\.\d\d s/, { timeout: 120_000 });
}

test('ml-latest-small: likes make a “Recommended for you” wall; filters, explanations, persistence, user ids', async ({
  page,
}) => {
  const files = findMlLatestSmall();
  if (!files.found) {
    test.skip(true, files.reason);
    return;
  }
  await page.goto('/');
  const upload = async () => {
    await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([files.ratings, files.movies, files.links]);
    await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  };
  await upload();
  // The app's defaults (64 factors). Training may already have started by itself after the load.
  await trainedWithDefaults(page);

  // Toy Story from the chosen film's hero; Aladdin and The Lion King from the For you search.
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  const heroLike = page.locator('article[data-movie-id="1"]').getByRole('button', { name: 'Like', exact: true });
  await expect(heroLike).toHaveAttribute('aria-pressed', 'false');
  await heroLike.click();
  await expect(heroLike).toHaveAttribute('aria-pressed', 'true');

  // The similar films wall has the same filters: without Animation it still shows 10 films, none animated.
  const similar = page.getByRole('list', { name: 'Similar movies' });
  await expect(similar.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  expect((await readCards(page, 'Similar movies')).some((c) => c.genres.includes('Animation'))).toBe(true);
  await page.getByText('Filters', { exact: true }).click();
  const excludeAnimation = page
    .getByRole('group', { name: 'Exclude genres' })
    .getByRole('button', { name: 'Animation', exact: true });
  await excludeAnimation.click();
  await expect(excludeAnimation).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => (await readCards(page, 'Similar movies')).filter((c) => c.genres.includes('Animation')).length)
    .toBe(0);
  await expect(similar.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  await page.screenshot({ fullPage: true, path: 'test-results/foryou-similar-filtered.png' });
  await page.getByRole('button', { name: 'Clear filters' }).click();

  await page.getByRole('tab', { name: 'For you' }).click();
  await likeFromSearch(page, 'Aladdin', /Aladdin.*1992/);
  await likeFromSearch(page, 'Lion King', /Lion King.*1994/);
  const likes = page.getByRole('list', { name: /Your likes/ });
  await expect(likes.getByRole('listitem')).toHaveCount(3);

  const wallName = 'Recommended for you';
  const wall = page.getByRole('list', { name: wallName, exact: true });
  await expect(wall.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  const cards = await readCards(page, wallName);
  for (const card of cards) expect(LIKED).not.toContain(card.movieId);
  // The default method (the debiased solve) against implicit's exact solve, picked in the Method setting: on the
  // app's defaults it shows at least as many family films (5 against 4 at seed 42; 4-5 against 4-5 for seeds 1-4
  // in Node), and never fewer than 4. The 64-factor model itself puts Jurassic Park, Apollo 13 and Forrest Gump
  // next to these films (docs/BENCHMARKS.md, "For you").
  const method = page.getByRole('combobox', { name: 'Method' });
  await expect(method).toHaveValue('debiased');
  const debiased = family(cards);
  await method.selectOption({ label: "implicit's exact solve" });
  await expect.poll(async () => wallKey(await readCards(page, wallName))).not.toEqual(wallKey(cards));
  const exact = family(await readCards(page, wallName));
  console.log(`Animation or Children of 10: debiased ${debiased.count} (${debiased.described}); exact ${exact.count}`);
  expect(debiased.count, debiased.described).toBeGreaterThanOrEqual(Math.max(4, exact.count));
  await method.selectOption({ label: 'Debiased solve' });
  await expect.poll(async () => wallKey(await readCards(page, wallName))).toEqual(wallKey(cards));

  // "Because you liked …" appears on hover and is the card's description for screen readers.
  const first = wall.locator(':scope > li').first();
  const because = first.locator('.because');
  await first.getByRole('button').first().hover();
  await expect(because).toBeVisible();
  await expect(because).toHaveText(/^Because you liked .*(Toy Story|Aladdin|The Lion King)/);
  const description = await first.locator('button[aria-describedby]').getAttribute('aria-describedby');
  expect(description).toContain(await because.getAttribute('id'));

  await page.setViewportSize({ width: 1280, height: 800 });
  const desktop = await page.screenshot({ fullPage: true, path: 'test-results/foryou-desktop.png' });
  expect(desktop.byteLength).toBeGreaterThan(10_000);

  // Stars change the person's weights, and unliking a film from the wall removes it from the likes.
  await likes.getByRole('combobox', { name: 'Your stars for Aladdin' }).selectOption({ label: '★★★★★ 5' });
  await expect(wall.locator(':scope > li[data-movie-id]')).toHaveCount(10);

  // Filters: no Animation at all, and the wall still fills up.
  await page.getByText('Filters', { exact: true }).click();
  await page
    .getByRole('group', { name: 'Exclude genres' })
    .getByRole('button', { name: 'Animation', exact: true })
    .click();
  await expect
    .poll(async () => (await readCards(page, wallName)).filter((c) => c.genres.includes('Animation')).length)
    .toBe(0);
  await expect(wall.locator(':scope > li[data-movie-id]')).toHaveCount(10);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect
    .poll(async () => (await readCards(page, wallName)).filter((c) => c.genres.includes('Animation')).length)
    .toBeGreaterThan(0);

  // A user of the dataset: what they rated is left out, unless shown.
  const ratedByOne = new Set(
    readFileSync(files.ratings, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(','))
      .filter((fields) => fields[0] === '1')
      .map((fields) => Number(fields[1])),
  );
  const userId = page.getByRole('spinbutton', { name: 'User id' });
  await userId.fill('99999');
  await page.getByRole('button', { name: 'Recommend for user' }).click();
  await expect(page.getByRole('alert')).toContainText('There is no user 99999');
  await userId.fill('1');
  await page.getByRole('button', { name: 'Recommend for user' }).click();
  await expect(page.getByText('There is no user 99999')).toHaveCount(0);
  const userWall = 'Recommended for user 1';
  await expect(page.getByRole('list', { name: userWall }).locator(':scope > li[data-movie-id]')).toHaveCount(10);
  for (const card of await readCards(page, userWall)) {
    expect(ratedByOne.has(card.movieId), `user 1 rated ${card.movieId}`).toBe(false);
    expect(card.rated).toBe(false);
  }
  await page.getByRole('checkbox', { name: 'Show films they rated' }).check();
  await expect
    .poll(async () => (await readCards(page, userWall)).filter((c) => ratedByOne.has(c.movieId) && c.rated).length)
    .toBeGreaterThan(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('list', { name: wallName, exact: true }).scrollIntoViewIfNeeded();
  const phone = await page.screenshot({ fullPage: true, path: 'test-results/foryou-phone.png' });
  expect(phone.byteLength).toBeGreaterThan(10_000);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Likes survive a reload (per dataset name, in localStorage) and can be cleared.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await upload();
  await page.getByRole('tab', { name: 'For you' }).click();
  await expect(likes.getByRole('listitem')).toHaveCount(3);
  await expect(likes.getByRole('combobox', { name: 'Your stars for Aladdin' })).toHaveValue('5');
  await page.getByRole('button', { name: 'Clear likes' }).click();
  await expect(likes).toHaveCount(0);
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('marquee:likes:'))),
  ).toEqual([]);
});
