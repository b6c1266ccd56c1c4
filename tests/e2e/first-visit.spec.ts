/**
 * A first visit loads only the code of the first screen, and marks that code for eager compilation (V8's explicit
 * compile hint, vite.config.ts): the views behind the other tabs, the codecs and the poster-file reader stay out
 * until they are used or the page has settled (src/lazy.ts).
 */
import { test, expect } from './support/test.ts';

const HINT = '//# allFunctionsCalledOnLoad\n';

test('the first screen loads its own code only, marked to compile on a background thread', async ({ page }) => {
  const scripts = new Map<string, Promise<string>>();
  page.on('response', (response) => {
    const name = new URL(response.url()).pathname.split('/').pop() ?? '';
    if (response.request().resourceType() === 'script' && name.endsWith('.js')) scripts.set(name, response.text());
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Train model' })).toBeVisible();

  // What index.html starts: its module script and the chunks it preloads, each with the hint on its first line.
  const startup = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[type=module], link[rel=modulepreload]')]
      .map((element) => ('src' in element ? element.src : element.href).split('/').pop() ?? '')
      .filter((name) => name !== ''),
  );
  expect(startup.length).toBeGreaterThanOrEqual(2);
  for (const name of startup) {
    const text = await scripts.get(name);
    expect(text, `${name} was loaded`).toBeDefined();
    expect(text!.startsWith(HINT), `${name} starts with the compile hint`).toBe(true);
  }
  // Nothing of the lazily loaded parts before the page has settled (the idle preload waits 4 s after load).
  const lazyParts =
    /^(ForYouPanel|MapView|EvaluatePanel|LibraryView|dataset-codec|model-codec|import-model|image-files)-/;
  expect([...scripts.keys()].filter((name) => lazyParts.test(name))).toEqual([]);
  // A lazy part, once loaded, is compiled lazily (no hint): the map's code is not in the way of anything.
  await page.getByRole('tab', { name: 'Map' }).click();
  const mapChunk = () => [...scripts.keys()].find((name) => name.startsWith('MapView-'));
  await expect.poll(mapChunk).toBeDefined();
  expect((await scripts.get(mapChunk()!))!.startsWith(HINT)).toBe(false);
});
