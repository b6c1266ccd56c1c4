/**
 * The catalogue map on real ml-latest-small: after training, the Map tab draws all 9,724 films (accessible
 * description and genre-coloured pixels), rings the chosen film and its similar films (canvas data attribute and
 * the keyboard list), hovering a point shows its card, clicking opens the film; UMAP shows progress, can be
 * cancelled, and finishes (its time is printed, not asserted).
 */
import type { Page } from '@playwright/test';
import { pickWithKeyboard, readWall, status, train } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { expect, test } from './support/test.ts';

const TOY_STORY_ID = 1;

/** Pixels of the map canvas in each legend colour (exact matches: points are written as whole pixels). */
async function pixelsPerGenre(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas[aria-label="Catalogue map"]')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const wanted = new Map<string, string>();
    for (const item of document.querySelectorAll<HTMLElement>('[data-genre][data-color]'))
      wanted.set(item.dataset.color!.toLowerCase(), item.dataset.genre!);
    const counts: Record<string, number> = {};
    for (let i = 0; i < data.length; i += 4) {
      const hex = `#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      const genre = wanted.get(hex);
      if (genre) counts[genre] = (counts[genre] ?? 0) + 1;
    }
    return counts;
  });
}

test('ml-latest-small: the map draws 9,724 films by genre and rings Toy Story’s neighbours', async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  const files = findMlLatestSmall();
  if (!files.found) {
    test.skip(true, files.reason);
    return;
  }
  await page.goto('/');
  const picker = page.getByLabel('MovieLens files', { exact: true });
  await picker.setInputFiles([files.ratings, files.movies, files.links, ...(files.posters ? [files.posters] : [])]);
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  await train(page);
  await pickWithKeyboard(page, 'Toy Story', 'Toy Story');
  await expect(page.getByRole('list', { name: 'Similar movies' }).locator(':scope > li[data-movie-id]')).toHaveCount(
    10,
  );
  const wallIds = (await readWall(page)).map((card) => card.movieId);

  await page.getByRole('tab', { name: 'Map' }).click();
  const map = page.getByRole('img', { name: 'Catalogue map' });
  await expect(map).toHaveAccessibleDescription(/^9,724 films, coloured by main genre\./);
  await expect(map).toHaveAttribute('data-films', '9724');

  // Several genres' colours are on the canvas in real numbers of pixels.
  await expect
    .poll(async () => Object.values(await pixelsPerGenre(page)).filter((count) => count >= 30).length, {
      message: 'genre colours drawn',
    })
    .toBeGreaterThanOrEqual(8);
  const perGenre = await pixelsPerGenre(page);
  console.log(`pixels per main-genre colour: ${JSON.stringify(perGenre)}`);

  // The chosen film and the wall's ten films are ringed: the canvas says so, and so does the keyboard list.
  await expect(map).toHaveAttribute('data-highlighted', [TOY_STORY_ID, ...wallIds].join(' '));
  const neighbours = page.getByRole('list', { name: 'Chosen film and its neighbours' });
  await expect(neighbours.locator('li[data-highlighted="true"]')).toHaveCount(11);
  expect(await neighbours.locator('li').evaluateAll((items) => items.map((li) => Number(li.dataset.movieId)))).toEqual([
    TOY_STORY_ID,
    ...wallIds,
  ]);
  await page.screenshot({ path: testInfo.outputPath('map-desktop.png') });

  // The list button centres the map on the film and focuses the canvas: its card shows at the crosshair.
  await neighbours
    .getByRole('button', { name: /Toy Story/ })
    .first()
    .click();
  await expect(map).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText('Toy Story');
  await expect(page.getByRole('tooltip')).toHaveAttribute('data-movie-id', String(TOY_STORY_ID));

  // Keyboard: + zooms, arrows pan (the film leaves the crosshair), 0 resets.
  const drawn = async () => page.evaluate(() => document.querySelector('canvas')!.toDataURL().length);
  const before = await drawn();
  await map.press('+');
  await expect.poll(drawn).not.toBe(before);
  await map.press('ArrowRight');
  await map.press('ArrowRight');
  await map.press('ArrowRight');
  await expect(page.locator(`[role="tooltip"][data-movie-id="${TOY_STORY_ID}"]`)).toHaveCount(0);

  // Hovering the point shows its card with title and poster; clicking it opens the film.
  await neighbours
    .getByRole('button', { name: /Toy Story/ })
    .first()
    .click();
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  const card = page.getByRole('tooltip');
  await expect(card).toHaveAttribute('data-movie-id', String(TOY_STORY_ID));
  await expect(card).toContainText('Toy Story');
  await expect(card.getByRole('img', { name: /^Toy Story/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('map-hover.png') });

  // Zoom buttons change the drawing; Reset view returns to the fitted map.
  const fitted = await drawn();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(drawn).not.toBe(fitted);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Reset view' }).click();

  // UMAP: progress and Cancel, back to PCA; then a full run, timed.
  await page.getByRole('radio', { name: 'UMAP' }).click();
  await expect(page.getByRole('progressbar', { name: 'Computing UMAP' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel UMAP' }).click();
  await expect(page.getByText('UMAP cancelled; the map shows PCA.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'PCA' })).toHaveAttribute('aria-checked', 'true');
  await expect(map).toHaveAccessibleDescription(/PCA/);

  const started = Date.now();
  await page.getByRole('radio', { name: 'UMAP' }).click();
  await expect(page.getByRole('progressbar', { name: 'Computing UMAP' })).toBeVisible();
  await expect(map).toHaveAccessibleDescription(/Placed by UMAP/, { timeout: 240_000 });
  const keys = (await page.locator('#map-keys').textContent()) ?? '';
  console.log(`UMAP of 9,724 films: ${((Date.now() - started) / 1000).toFixed(1)} s end to end; ${keys.split('·')[1]}`);
  await expect
    .poll(async () => Object.values(await pixelsPerGenre(page)).filter((count) => count >= 30).length)
    .toBeGreaterThanOrEqual(8);
  await expect(map).toHaveAttribute('data-highlighted', [TOY_STORY_ID, ...wallIds].join(' '));
  await page.screenshot({ path: testInfo.outputPath('map-umap.png') });

  // Click on the chosen film's point opens it in the Similar films view.
  await neighbours
    .getByRole('button', { name: /Toy Story/ })
    .first()
    .click();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByRole('tab', { name: 'Similar films' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 2, name: 'Toy Story' })).toBeVisible();
});

test('phone width: the sample’s map fits the screen and its list chooses a film', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(status(page)).toContainText(/movies/);
  await train(page, { iterations: 5 });
  await page.getByRole('tab', { name: 'Map' }).click();
  const map = page.getByRole('img', { name: 'Catalogue map' });
  await expect(map).toHaveAccessibleDescription(/^[\d,]+ films, coloured by main genre\./);
  const box = (await map.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // No film chosen yet: the most rated film in view is one tap away, and then it and its neighbours are ringed.
  const first = page.getByRole('list', { name: 'Most rated films in view' }).getByRole('button').first();
  const title = ((await first.locator('.title').textContent()) ?? '').trim();
  await first.click();
  const neighbours = page.getByRole('list', { name: 'Chosen film and its neighbours' });
  await expect(neighbours.locator('li').first()).toContainText(title);
  await expect(neighbours.locator('li[data-highlighted="true"]')).toHaveCount(11);
  await expect(map).toHaveAttribute('data-highlighted', /^\d+( \d+){10}$/);
  await map.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('map-phone.png') });
  // The list focused the map with the film at the crosshair: Enter opens it.
  await expect(map).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText(title);
  await map.press('Enter');
  await expect(page.getByRole('tab', { name: 'Similar films' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
});
