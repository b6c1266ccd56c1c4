/**
 * axe-core (the rules engine of Lighthouse's accessibility audit) on what a person sees: the first screen, the first
 * wall after a fit and a chosen film's wall, at desktop and phone widths. ml-latest-small's three files give no
 * poster paths, so every poster here is generated (drawn inline, named as an image would be). No serious or
 * critical violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from '@playwright/test';
import { test, expect } from './support/test.ts';
import { pickWithKeyboard, status, wall } from './support/flows.ts';
import { findMlLatestSmall } from './support/movielens.ts';
import { AUTO_TRAIN_ON } from './support/train.ts';

// axe is put into the page as a script, which the page's Content-Security-Policy refuses otherwise.
test.use({ ...AUTO_TRAIN_ON, bypassCSP: true });

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations axe finds in the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    return (await axe.run(document)).violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`);
}

const files = findMlLatestSmall();

for (const [device, viewport] of [
  ['desktop', { width: 1366, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test(`${device}: no serious accessibility fault on the first screen and the walls of generated posters`, async ({
    page,
  }) => {
    test.skip(!files.found, files.found ? '' : files.reason);
    if (!files.found) return;
    await page.setViewportSize(viewport);
    await page.goto('/');
    expect(await seriousViolations(page), 'first screen').toEqual([]);

    await page.getByLabel('MovieLens files', { exact: true }).setInputFiles([files.ratings, files.movies, files.links]);
    await expect(status(page)).toContainText(/Trained in \d+\.\d\d s/, { timeout: 120_000 });
    const first = page.getByRole('list', { name: /^Films like / });
    await expect(first.locator(':scope > li[data-movie-id]')).toHaveCount(10);
    await expect(first.locator('[data-poster-source="generated"]').first()).toBeVisible();
    expect(await seriousViolations(page), 'first wall').toEqual([]);

    await pickWithKeyboard(page, 'Heat', 'Heat');
    await expect(wall(page).locator(':scope > li[data-movie-id]')).toHaveCount(10);
    await expect(wall(page).getByRole('img', { name: /^\S/ })).toHaveCount(10);
    expect(await seriousViolations(page), "a chosen film's wall").toEqual([]);
  });
}
