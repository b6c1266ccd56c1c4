/**
 * Steps a person takes, shared by the specs: load the sample, train, search and pick with the keyboard,
 * and read the wall back.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './test.ts';

/** "610 users · 9,724 movies · 100,836 ratings" with any numbers. */
export const SUMMARY_PATTERN = /[\d,]+ users? · [\d,]+ movies? · [\d,]+ ratings?/;

/**
 * Records every progress bar that appears, even for a moment (a short fit can finish between two polls):
 * window.__progressSeen maps the bar's accessible name to the largest aria-valuenow seen.
 */
export async function recordProgressBars(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __progressSeen: Record<string, number> }).__progressSeen = seen;
    const scan = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const name = bar.getAttribute('aria-label') ?? '';
        const value = Number(bar.getAttribute('aria-valuenow') ?? 0);
        seen[name] = Math.max(seen[name] ?? -1, value);
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

/** Forgets the progress bars seen so far (a step's bars are then told from an earlier step's of the same name). */
export async function forgetProgressSeen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = (window as unknown as { __progressSeen: Record<string, number> }).__progressSeen;
    for (const name of Object.keys(seen)) delete seen[name];
  });
}

/** The progress bars seen so far (name -> largest value). */
export function progressSeen(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => (window as unknown as { __progressSeen: Record<string, number> }).__progressSeen);
}

/** The status region. */
export function status(page: Page): Locator {
  return page.getByRole('status');
}

/** Clicks "Try the sample" and waits for its summary. */
export async function loadSample(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Try the sample' }).click();
  // While it loads, the status still shows the dataset loaded before: wait for the load to end.
  await expect(status(page)).not.toContainText('Loading');
  await expect(status(page)).toContainText(SUMMARY_PATTERN);
  return (await status(page).textContent()) ?? '';
}

/** Sets the iterations, clicks "Train model" and waits until the status says it trained. */
export async function train(page: Page, options: { iterations?: number } = {}): Promise<void> {
  if (options.iterations !== undefined) {
    await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill(String(options.iterations));
  }
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(status(page)).toContainText(/Trained in \d+\.\d\d s/, { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Train model' })).toBeEnabled();
}

/** Picks the most rated film from the "Most rated" starting points and returns its movieId once it is chosen. */
export async function pickMostRated(page: Page): Promise<number> {
  await page
    .getByRole('list', { name: /Most rated/ })
    .getByRole('button')
    .first()
    .click();
  return chosenMovieId(page);
}

/** The title of the most rated film, read from the "Most rated" starting points. */
export async function popularTitle(page: Page, position = 0): Promise<string> {
  const picks = page.getByRole('list', { name: /Most rated/ }).getByRole('button');
  await expect(picks.first()).toBeVisible();
  return ((await picks.nth(position).textContent()) ?? '').trim();
}

/**
 * Types `typed` into the search box, moves down the suggestions with ArrowDown until the highlighted one
 * contains `wanted`, and presses Enter. Fails if no suggestion does.
 */
export async function pickWithKeyboard(page: Page, typed: string, wanted: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.fill('');
  await box.pressSequentially(typed, { delay: 20 });
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  const options = page.getByRole('listbox').getByRole('option');
  const count = await options.count();
  for (let step = 0; step < count; step++) {
    await box.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    expect(activeId, 'ArrowDown highlights an option').toBeTruthy();
    const text = (await page.locator(`[id="${activeId}"]`).textContent()) ?? '';
    if (text.includes(wanted)) {
      await box.press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: wanted })).toBeVisible();
      return;
    }
  }
  throw new Error(`No suggestion for "${typed}" contains "${wanted}".`);
}

/** One card of the wall as the test sees it. */
export interface WallCard {
  movieId: number;
  title: string;
  alt: string;
  genres: string[];
  /** The rating count the card shows. */
  ratings: number;
  imageSource: string;
}

/** The "Similar movies" list. */
export function wall(page: Page): Locator {
  return page.getByRole('list', { name: 'Similar movies' });
}

/** Reads every card of the wall. */
export async function readWall(page: Page): Promise<WallCard[]> {
  const items = wall(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('img') });
  await expect(items.first()).toBeVisible();
  return items.evaluateAll((elements) =>
    elements
      .filter((element) => element.hasAttribute('data-movie-id'))
      .map((element) => {
        // A poster: an <img>, or a generated poster drawn inline (role="img", named by aria-label).
        const image = element.querySelector('[data-poster-source]');
        return {
          movieId: Number(element.getAttribute('data-movie-id')),
          title: element.querySelector('.title')?.textContent?.trim() ?? '',
          alt: image?.getAttribute('alt') ?? image?.getAttribute('aria-label') ?? '',
          genres: (element.getAttribute('data-genres') ?? '').split('|').filter(Boolean),
          ratings: Number(element.getAttribute('data-ratings')),
          imageSource: image?.getAttribute('src') ?? (image?.querySelector('svg') ? 'inline svg' : ''),
        };
      }),
  );
}

/** Asserts the outcomes every wall must show: n cards, real movieIds, alts starting with the card's title. */
export async function expectWall(page: Page, chosenMovieId: number | null, size = 10): Promise<WallCard[]> {
  await expect(wall(page).locator(':scope > li[data-movie-id]')).toHaveCount(size);
  const cards = await readWall(page);
  for (const card of cards) {
    expect(Number.isInteger(card.movieId) && card.movieId > 0, `movieId ${card.movieId}`).toBe(true);
    expect(card.title.length).toBeGreaterThan(0);
    expect(card.alt.startsWith(card.title), `alt "${card.alt}" starts with "${card.title}"`).toBe(true);
    if (chosenMovieId !== null) expect(card.movieId).not.toBe(chosenMovieId);
  }
  expect(new Set(cards.map((card) => card.movieId)).size).toBe(cards.length);
  return cards;
}

/** The movieId of the film shown large. */
export async function chosenMovieId(page: Page): Promise<number> {
  return Number(await page.locator('article[data-movie-id]').getAttribute('data-movie-id'));
}
