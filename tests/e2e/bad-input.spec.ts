/** Bad input never breaks the page: the alert names files and skipped lines; the dataset and model stay usable. */
import { chosenMovieId, expectWall, status, train, wall, pickMostRated } from './support/flows.ts';
import { ratingsWithBadRows, tinyPng, unrelatedCsv } from './support/generated.ts';
import { expect, test } from './support/test.ts';

test('bad files and bad rows are reported, and what was loaded stays usable', async ({ page }) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto('/');
  const picker = page.getByLabel('MovieLens files', { exact: true });
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });

  const ratings = ratingsWithBadRows();
  await picker.setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratings.csv) });
  await expect(status(page)).toContainText(`${ratings.users} users · `);
  await expect(status(page)).toContainText(`${ratings.goodRows} ratings`);
  await expect(alert).toContainText('ratings.csv');
  await expect(alert).toContainText('3 rows');
  for (const line of ratings.badLines) await expect(alert).toContainText(String(line));
  const summary = (await status(page).textContent()) ?? '';

  await train(page, { iterations: 6 });
  const chosen = await pickMostRated(page);
  await expectWall(page, chosen, 10);

  await picker.setInputFiles([
    { name: 'holiday-photo.png', mimeType: 'image/png', buffer: tinyPng },
    { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(unrelatedCsv) },
  ]);
  await expect(alert).toContainText('holiday-photo.png');
  await expect(alert).toContainText('contacts.csv');
  // Same dataset, same model, same wall.
  await expect(status(page)).toContainText(summary.match(/[\d,]+ users · [\d,]+ movies · [\d,]+ ratings/)![0]);
  await expect(status(page)).toContainText(/Trained in/);
  expect(await chosenMovieId(page)).toBe(chosen);
  await expectWall(page, chosen, 10);

  // Still explorable: a card becomes the new query.
  const next = wall(page).locator(':scope > li[data-movie-id]').first();
  const nextId = Number(await next.getAttribute('data-movie-id'));
  await next.getByRole('button').first().click();
  await expect.poll(() => chosenMovieId(page)).toBe(nextId);
  await expectWall(page, nextId, 10);
  expect(pageErrors, 'no uncaught errors').toEqual([]);
});
