/** Race: Train pressed while the saved model is still being restored after a reload. */
import { loadSample, status, train } from './support/flows.ts';
import { waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';

test('a restored model arriving during a fit does not end the fit state', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await waitForSaved(page, 'models', 1);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    let clicked = false;
    new MutationObserver(() => {
      const line = document.querySelector('[role="status"]')?.textContent ?? '';
      if (seen.at(-1) !== line) seen.push(line);
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Train model');
      if (!clicked && button && !button.disabled) {
        clicked = true;
        const input = document.querySelector<HTMLInputElement>('input[type=number]');
        button.click();
        seen.push(`CLICKED ${input?.value}`);
      } else if (
        clicked &&
        !(window as unknown as { again?: boolean }).again &&
        button &&
        !button.disabled &&
        line.includes('Model restored')
      ) {
        (window as unknown as { again?: boolean }).again = true;
        button.click();
        seen.push('CLICKED AGAIN');
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.reload();
  // The fit ends and the reopening is over (its status line is gone): the restore has done whatever it would do.
  await expect(status(page)).toContainText('Trained in', { timeout: 60_000 });
  await expect(status(page)).not.toContainText('Reopening your saved work');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  console.log(JSON.stringify(seen, null, 1));
  const clickedAt = seen.findIndex((s) => s.startsWith('CLICKED'));
  const restoredAfter = seen.slice(clickedAt).some((s) => s.includes('Model restored'));
  const trainedAfter = seen.slice(clickedAt).some((s) => s.includes('Trained in'));
  expect({ restoredAfter, trainedAfter }).toEqual({ restoredAfter: false, trainedAfter: true });
});
