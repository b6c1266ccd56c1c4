/** Shared step of the Evaluate specs: real ml-latest-small loaded, Evaluate tab open. */
import type { Page } from '@playwright/test';
import { recordProgressBars, status } from './flows.ts';
import { findMlLatestSmall } from './movielens.ts';
import { expect, test } from './test.ts';

/** Loads ml-latest-small's files and opens the Evaluate tab. */
export async function openEvaluate(page: Page): Promise<boolean> {
  const files = findMlLatestSmall();
  if (!files.found) {
    test.skip(true, files.reason);
    return false;
  }
  await recordProgressBars(page);
  await page.goto('/');
  await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([files.ratings, files.movies]);
  await expect(status(page)).toContainText('610 users · 9,724 movies · 100,836 ratings', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  return true;
}
