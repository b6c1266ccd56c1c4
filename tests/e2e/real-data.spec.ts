/**
 * Real ml-latest-small: upload, exact summary, train with the defaults, GoldenEye's neighbours share its genres,
 * TMDB posters are requested (intercepted) and a failed one falls back to the generated poster.
 */
import { readFileSync } from 'node:fs';
import {
  expectWall,
  pickWithKeyboard,
  progressSeen,
  recordProgressBars,
  status,
  train,
  wall,
} from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { expect, test } from './support/test.ts';

const GOLDENEYE_ID = 10;
const GOLDENEYE_GENRES = ['Action', 'Adventure', 'Thriller'];

test('ml-latest-small: GoldenEye’s similar films share its genres, with TMDB posters', async ({
  page,
  tmdb,
}, testInfo) => {
  const files = findMlLatestSmall();
  if (!files.found) {
    console.log(`Skipping the real-data test: ${files.reason}`);
    test.skip(true, files.reason);
    return;
  }
  // The first card-sized poster of GoldenEye's wall fails, to show the fallback (the first wall, shown before the
  // search, is left alone); the rest are answered with generated images.
  let failedOne = false;
  let armed = false;
  /** Images already on the page when the test arms (the first wall's, whose lazy images may load later). */
  let shownBefore = new Set<string>();
  tmdb.shouldFail = (url) => {
    if (!armed || failedOne || !url.includes('/t/p/w185/') || shownBefore.has(url)) return false;
    failedOne = true;
    return true;
  };

  await recordProgressBars(page);
  await page.goto('/');
  const picker = page.getByLabel('MovieLens files', { exact: true });
  await picker.setInputFiles([files.ratings, files.movies, files.links]);
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  expect((await progressSeen(page))['Loading'], 'a Loading progress bar appeared').toBeGreaterThanOrEqual(0);

  const posterPathOf = new Map<number, string>();
  if (files.posters) {
    await picker.setInputFiles([files.posters]);
    await expect(page.getByRole('list', { name: 'Files read' })).toContainText('posters');
    for (const line of readFileSync(files.posters, 'utf8').split(/\r?\n/).slice(1)) {
      const [movieId, , posterPath] = line.split(',');
      if (posterPath) posterPathOf.set(Number(movieId), posterPath);
    }
  }
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings');

  await train(page);
  // The first wall is painted in full before arming; its images, requested or not yet, are never the failed one.
  await expect(page.getByRole('list', { name: /^Films like / }).locator(':scope > li[data-movie-id]')).toHaveCount(10);
  shownBefore = new Set(
    await page
      .locator('img[src^="https://image.tmdb.org/"]')
      .evaluateAll((images) => images.map((image) => image.getAttribute('src')!)),
  );
  armed = true;
  await pickWithKeyboard(page, 'GoldenEye', 'GoldenEye');
  const cards = await expectWall(page, GOLDENEYE_ID, 10);
  const sharing = cards.filter((card) => card.genres.some((genre) => GOLDENEYE_GENRES.includes(genre)));
  expect(
    sharing.length,
    `films sharing a genre: ${cards.map((c) => `${c.title} [${c.genres.join('|')}]`).join('; ')}`,
  ).toBeGreaterThanOrEqual(8);

  if (files.posters) {
    await expect.poll(() => tmdb.failed.length, { message: 'a w185 poster request was answered 404' }).toBe(1);
    const failedPath = new URL(tmdb.failed[0]).pathname.replace('/t/p/w185', '');
    await expect
      .poll(async () => await wall(page).locator('img[src^="https://image.tmdb.org/t/p/w185/"]').count(), {
        message: 'cards show TMDB w185 images',
      })
      .toBeGreaterThanOrEqual(5);
    expect(tmdb.requested.some((url) => url.startsWith('https://image.tmdb.org/t/p/w185/'))).toBe(true);
    // The page is cross-origin isolated (COEP credentialless), yet TMDB images without CORS headers still render.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect
      .poll(
        async () =>
          await wall(page)
            .locator('img[data-poster-source="tmdb"]')
            .evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth > 0).length),
        { message: 'TMDB images rendered' },
      )
      .toBeGreaterThanOrEqual(3);
    const failedCard = cards.find((card) => posterPathOf.get(card.movieId) === failedPath);
    expect(failedCard, `the failed poster ${failedPath} belongs to a card`).toBeTruthy();
    const failedImage = wall(page).locator(`li[data-movie-id="${failedCard!.movieId}"] [data-poster-source]`);
    await expect(failedImage).toHaveAttribute('data-poster-source', 'generated');
    await expect(failedImage.locator('svg')).toBeVisible();
    await expect(
      page
        .getByText(/TMDB/)
        .filter({ hasText: /not endorsed|uses the TMDB|TMDB API/i })
        .first(),
    ).toBeVisible();
  }

  // A higher minimum ratings keeps only well-rated neighbours.
  const minimum = page.getByRole('spinbutton', { name: 'Minimum ratings' });
  await minimum.fill('150');
  await minimum.press('Enter');
  await minimum.blur();
  await expect
    .poll(async () => (await expectWall(page, GOLDENEYE_ID, 10)).every((card) => card.ratings >= 150), {
      message: 'every similar film has at least 150 ratings',
    })
    .toBe(true);
  await minimum.fill('5');
  await minimum.blur();
  await expectWall(page, GOLDENEYE_ID, 10);

  // Let every lazy image settle before the picture.
  await page.waitForLoadState('networkidle');
  const shot = await page.screenshot({ fullPage: true, path: 'test-results/poster-wall-desktop.png' });
  await testInfo.attach('poster wall (ml-latest-small, GoldenEye)', { body: shot, contentType: 'image/png' });
});
