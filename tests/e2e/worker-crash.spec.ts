/**
 * A worker that dies in the middle of a call, for every kind of worker: the page says which one stopped (inside the
 * sentence of the action that failed), the data shown before still answers, and the next action works on a fresh
 * worker. A worker is killed the way a real crash looks to the page: an uncaught error in the worker, which fires
 * 'error' on the page's Worker object.
 *
 * A call is caught in the middle by holding it on its way to the worker (the page's messages to workers of that name
 * are dropped) and killing the worker while the page waits for the answer; a fit, which takes long enough, is killed
 * while its progress bar moves.
 */
import type { Page, Worker as PageWorker } from '@playwright/test';
import {
  SUMMARY_PATTERN,
  chosenMovieId,
  expectWall,
  loadSample,
  pickMostRated,
  popularTitle,
  status,
  train,
} from './support/flows.ts';
import { ratingsWithBadRows } from './support/generated.ts';
import { waitForSaved } from './support/library.ts';
import { expect, test } from './support/test.ts';

/** Each kind of worker by its script's file name. */
const SCRIPTS = {
  reader: /\/reader\.worker[-.]/,
  index: /\/title-index\.worker[-.]/,
  map: /\/map\.worker[-.]/,
  evaluation: /\/evaluation\.worker[-.]/,
  training: /\/train\.worker[-.]/,
  query: /\/query\.worker[-.]/,
};

/** What an uncaught error in a worker reads as on the page. */
const KILLED = '(Uncaught Error: killed by the test)';

/** Makes `Worker` drop the page's messages to workers whose name is held (see `hold`). Call before `goto`. */
async function allowHolding(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const held = new Set<string>();
    const names = new WeakMap<Worker, string>();
    const NativeWorker = window.Worker;
    class HeldWorker extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        names.set(this, options?.name ?? '');
      }
      override postMessage(message: unknown, options?: Transferable[] | StructuredSerializeOptions): void {
        if (held.has(names.get(this) ?? '')) return;
        super.postMessage(message, options as StructuredSerializeOptions);
      }
    }
    window.Worker = HeldWorker;
    (window as unknown as { __holdWorkers: (names: string[], on: boolean) => void }).__holdWorkers = (list, on) =>
      list.forEach((name) => (on ? held.add(name) : held.delete(name)));
  });
}

/** Holds (or releases) the page's calls to workers named `names` (`new Worker(url, { name })`). */
async function hold(page: Page, names: string[], on = true): Promise<void> {
  await page.evaluate(
    ([list, flag]) =>
      (window as unknown as { __holdWorkers: (names: string[], on: boolean) => void }).__holdWorkers(list, flag),
    [names, on] as const,
  );
}

/** The newest running worker whose script matches `script`, waiting for it to start. */
async function workerOf(page: Page, script: RegExp): Promise<PageWorker> {
  const find = () => page.workers().findLast((worker) => script.test(worker.url()));
  await expect.poll(() => find() !== undefined, { message: `a worker matching ${script}` }).toBe(true);
  return find()!;
}

/** Kills a worker as a crash would: an uncaught error in it. */
async function kill(worker: PageWorker): Promise<void> {
  // A microtask, not a timer: a worker busy reading runs no timer until its read ends, but it reaches a microtask
  // checkpoint at its next await (the evaluation itself interrupts the running script).
  await worker.evaluate(() => {
    queueMicrotask(() => {
      throw new Error('killed by the test');
    });
  });
}

/** The search box finds `title` (the catalogue's index answers). */
async function expectSearchFinds(page: Page, title: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.fill(title);
  await expect(page.getByRole('listbox').getByRole('option').first()).toContainText(title);
  await box.fill('');
}

/** Chooses the film titled `title` from the search box's first suggestion. */
async function pickFromSearch(page: Page, title: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.fill(title);
  const option = page.getByRole('listbox').getByRole('option').first();
  await expect(option).toContainText(title);
  await option.click();
}

/** A movies.csv naming the films 1-40 of `ratingsWithBadRows`. */
function moviesCsv(): string {
  const lines = ['movieId,title,genres'];
  for (let id = 1; id <= 40; id++) lines.push(`${id},Film number ${id} (2001),Drama`);
  return lines.join('\n') + '\n';
}

test('the file reader dies during a load: the data stays and the next file merges with it', async ({ page }) => {
  await allowHolding(page);
  const picker = page.getByLabel('MovieLens files', { exact: true });
  await page.goto('/');
  const { csv, users } = ratingsWithBadRows();
  await picker.setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(status(page)).toContainText(`${users} users · 40 movies`);
  const summary = (await status(page).textContent())!.match(SUMMARY_PATTERN)![0];
  const title = await popularTitle(page);
  // The dataset's save (which the reader writes) is done before the reader is held: only the load is in flight.
  await waitForSaved(page, 'datasets', 1);
  const reader = await workerOf(page, SCRIPTS.reader);

  await hold(page, ['reader']);
  await picker.setInputFiles({ name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(moviesCsv()) });
  const bar = page.getByRole('progressbar', { name: 'Loading' });
  await expect(bar).toBeVisible();
  await kill(reader);
  await expect(page.getByRole('alert').filter({ hasText: 'stopped unexpectedly' })).toContainText(
    `The files could not be read (the file reader stopped unexpectedly ${KILLED}). The data loaded before is still here`,
  );
  await expect(bar).toBeHidden();
  // The ratings loaded before still answer.
  await expect(status(page)).toContainText(summary);
  await expectSearchFinds(page, title);

  // The next file goes to a fresh reader given the ratings shown: the titles join them (a reader that lost them
  // would have no ratings to show the titles with).
  await hold(page, ['reader'], false);
  await picker.setInputFiles({ name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(moviesCsv()) });
  await expect(
    page
      .getByRole('list', { name: /Most rated/ })
      .getByRole('button')
      .first(),
  ).toContainText(/^Film number \d+/);
  await expect(status(page)).toContainText(summary);
  await expect(page.getByText(/stopped unexpectedly/)).toHaveCount(0);
  await expectSearchFinds(page, await popularTitle(page));
});

test('the search index dies while a catalogue is indexed: the problem is said and loading again retries', async ({
  page,
}) => {
  await allowHolding(page);
  await page.goto('/');
  await hold(page, ['title-index']);
  const summary = await loadSample(page);
  const box = page.getByRole('combobox', { name: 'Search movies' });
  await box.fill('the');
  await expect(page.getByText('Indexing titles…')).toBeVisible();
  await kill(await workerOf(page, SCRIPTS.index));
  await expect(
    page.getByText(
      `Titles could not be indexed for search (the search index stopped unexpectedly ${KILLED}). Loading the files again retries.`,
    ),
  ).toBeVisible();
  await box.fill('');
  // The catalogue itself is there: its summary and its most rated films.
  await expect(status(page)).toContainText(summary.match(SUMMARY_PATTERN)![0]);
  const title = await popularTitle(page);

  // Loading again indexes on a fresh worker.
  await hold(page, ['title-index'], false);
  const { csv } = ratingsWithBadRows();
  await page
    .getByLabel('MovieLens files', { exact: true })
    .setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(status(page)).toContainText('60 users');
  const next = await popularTitle(page);
  await expectSearchFinds(page, next);
  expect(next).not.toBe('');
  expect(title).not.toBe('');
});

test('the map worker dies during UMAP: the PCA map stays and UMAP runs again', async ({ page }) => {
  await allowHolding(page);
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await page.getByRole('tab', { name: 'Map' }).click();
  const map = page.getByRole('img', { name: 'Catalogue map' });
  await expect(map).toHaveAccessibleDescription(/Placed by PCA/);
  const mapWorker = await workerOf(page, SCRIPTS.map);

  await hold(page, ['map']);
  await page.getByRole('radio', { name: 'UMAP' }).click();
  await expect(page.getByRole('progressbar', { name: 'Computing UMAP' })).toBeVisible();
  await kill(mapWorker);
  await expect(page.getByRole('alert')).toContainText(
    `The UMAP map could not be computed: the map layout stopped unexpectedly ${KILLED}.`,
  );
  await expect(page.getByRole('progressbar', { name: 'Computing UMAP' })).toBeHidden();
  // The PCA map is still drawn.
  await expect(map).toHaveAccessibleDescription(/Placed by PCA/);
  await expect(page.getByRole('radio', { name: 'PCA' })).toHaveAttribute('aria-checked', 'true');

  await hold(page, ['map'], false);
  await page.getByRole('radio', { name: 'UMAP' }).click();
  await expect(map).toHaveAccessibleDescription(/Placed by UMAP/, { timeout: 120_000 });
  await expect(page.getByText(/stopped unexpectedly/)).toHaveCount(0);
});

test('the map worker dies during PCA: the error is said and the next model’s map is drawn', async ({ page }) => {
  await allowHolding(page);
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  await hold(page, ['map']);
  await page.getByRole('tab', { name: 'Map' }).click();
  await kill(await workerOf(page, SCRIPTS.map));
  await expect(page.getByRole('alert')).toContainText(
    `The PCA map could not be computed: the map layout stopped unexpectedly ${KILLED}.`,
  );
  // The model still answers on the Similar films tab.
  await page.getByRole('tab', { name: 'Similar films' }).click();
  const chosen = await pickMostRated(page);
  await expectWall(page, chosen, 10);

  // A new model's map is computed on a fresh worker.
  await hold(page, ['map'], false);
  await train(page, { iterations: 3 });
  await page.getByRole('tab', { name: 'Map' }).click();
  await expect(page.getByRole('img', { name: 'Catalogue map' })).toHaveAccessibleDescription(/Placed by PCA/);
});

test('the evaluation worker dies during the split: Evaluate says so and evaluates on a second try', async ({
  page,
}) => {
  await allowHolding(page);
  await page.goto('/');
  const summary = await loadSample(page);
  const title = await popularTitle(page);
  await hold(page, ['evaluation']);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Cancel evaluation' })).toBeVisible();
  await kill(await workerOf(page, SCRIPTS.evaluation));
  await expect(page.getByRole('alert')).toContainText(
    `Evaluation stopped: the evaluation split stopped unexpectedly ${KILLED}.`,
  );
  await expect(status(page)).toContainText(summary.match(SUMMARY_PATTERN)![0]);
  await page.getByRole('tab', { name: 'Similar films' }).click();
  await expectSearchFinds(page, title);

  await hold(page, ['evaluation'], false);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Evaluation' }).getByRole('row')).toHaveCount(3, { timeout: 120_000 });
});

test('the training worker dies during a fit: the previous model answers and training works again', async ({ page }) => {
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  const chosen = await pickMostRated(page);
  const before = await expectWall(page, chosen, 10);

  await page.getByRole('spinbutton', { name: 'Factors', exact: true }).fill('256');
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('500');
  await page.getByRole('button', { name: 'Train model' }).click();
  const bar = page.getByRole('progressbar', { name: 'Training' });
  await expect(bar).toBeVisible();
  await kill(await workerOf(page, SCRIPTS.training));
  await expect(
    page.getByText(/the training worker stopped unexpectedly \(Uncaught Error: killed by the test\)/),
  ).toBeVisible();
  await expect(bar).toBeHidden();
  // The previous model still answers.
  const again = await expectWall(page, chosen, 10);
  expect(again.map((card) => card.movieId)).toEqual(before.map((card) => card.movieId));

  await page.getByRole('spinbutton', { name: 'Factors', exact: true }).fill('16');
  await train(page, { iterations: 3 });
  await expectWall(page, chosen, 10);
});

test('the query worker dies during a similar-films query: the error is said and the next query works', async ({
  page,
}) => {
  await allowHolding(page);
  await page.goto('/');
  await loadSample(page);
  await train(page, { iterations: 3 });
  const second = await popularTitle(page, 1);
  const first = await pickMostRated(page);
  await expectWall(page, first, 10);
  const queryWorker = await workerOf(page, SCRIPTS.query);

  // The next film's query is held on its way to the query worker, which dies meanwhile.
  await hold(page, ['query']);
  await pickFromSearch(page, second);
  await kill(queryWorker);
  await expect(
    page.getByText(/the query worker stopped unexpectedly \(Uncaught Error: killed by the test\)/),
  ).toBeVisible();

  // The same film asked again is answered by a fresh query worker.
  await hold(page, ['query'], false);
  await pickFromSearch(page, second);
  const chosen = await chosenMovieId(page);
  expect(chosen).not.toBe(first);
  await expectWall(page, chosen, 10);
  await expect(page.getByText(/stopped unexpectedly/)).toHaveCount(0);
});
