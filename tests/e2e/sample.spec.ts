/** The sample path: Try the sample -> summary -> train -> search by typing -> pick with the keyboard -> wall. */
import {
  chosenMovieId,
  expectWall,
  loadSample,
  pickWithKeyboard,
  popularTitle,
  progressSeen,
  recordProgressBars,
  status,
  train,
} from './support/flows.ts';
import { ratingsWithBadRows } from './support/generated.ts';
import { expect, test } from './support/test.ts';

test('the synthetic sample trains and shows similar films for a searched title', async ({ page }) => {
  await recordProgressBars(page);
  await page.goto('/');
  await expect(page.getByText(/sample is synthetic/i)).toBeVisible();

  await loadSample(page);
  await train(page, { iterations: 8 });
  const seen = await progressSeen(page);
  expect(seen['Training'], 'a Training progress bar appeared and counted iterations').toBeGreaterThanOrEqual(1);

  const title = await popularTitle(page);
  const typed = title.slice(0, Math.max(3, Math.ceil(title.length / 2)));
  await pickWithKeyboard(page, typed, title);

  const chosen = await chosenMovieId(page);
  await expectWall(page, chosen, 10);

  // Top 20 shows more films without retraining.
  await page.getByText('Top 20').click();
  await expectWall(page, chosen, 20);
});

test('files dropped on the page are read, with a visible drop highlight', async ({ page }) => {
  await page.goto('/');
  const { csv, users } = ratingsWithBadRows();
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'ratings.csv', { type: 'text/csv' }));
    return data;
  }, csv);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop MovieLens files', { exact: true })).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByText('Drop MovieLens files', { exact: true })).toBeHidden();
  await expect(status(page)).toContainText(`${users} users · `);
});
