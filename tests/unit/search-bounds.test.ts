/**
 * The title index does bounded, linear work whatever a title or query holds: 100,000 characters without a space,
 * all spaces, stacked combining marks, surrogate pairs (and lone halves), right-to-left text, parentheses and
 * commas that MovieLens title rules look for.
 *
 * Budgets are not constants: each case is compared with indexing and searching ordinary titles of the same total
 * length, measured in the same run. Linear work stays near 1x of that; a quadratic step on 100,000 characters
 * would be thousands of times over.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { mulberry32 } from '../../src/data/random.ts';
import { createTitleIndex, MAX_INDEXED_TITLE_CHARS } from '../../src/search/title-index.ts';

const MAX_LENGTH = 100_000;
/** Generous: many times what linear work costs, far below what superlinear work costs. */
const BUDGET_FACTOR = 8;

/** Pieces hostile text is made of. */
const UNITS = [
  'a',
  ' ',
  '\u0301',
  'e\u0301\u0308',
  '😀',
  '\ud83d',
  'שלום ',
  'مرحبا',
  '\u200f',
  '(',
  ')',
  '(1999)',
  ', The',
  ', The (',
  'ii ',
  '&',
  "'s",
  'x'.repeat(40),
];

/** A string of up to MAX_LENGTH code units: one unit repeated, a random mix of units, or arbitrary code units. */
const hostileText = fc.oneof(
  fc
    .tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: MAX_LENGTH }))
    .map(([unit, count]) => unit.repeat(Math.ceil(count / unit.length)).slice(0, count)),
  fc
    .tuple(
      fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: MAX_LENGTH }),
    )
    .map(([units, count]) =>
      units
        .join('')
        .repeat(Math.ceil(count / units.join('').length))
        .slice(0, count),
    ),
  fc.string({ unit: 'binary', maxLength: 2_000 }).map((text) => text.repeat(Math.ceil(MAX_LENGTH / (text.length + 1)))),
);

/** Ordinary MovieLens-shaped titles, `totalChars` characters in all. */
function ordinaryTitles(totalChars: number): string[] {
  const random = mulberry32(3);
  const words = ['Story', 'Toy', 'Godfather', 'Part', 'II', 'Lion', 'King', 'Redemption', 'Amélie', 'Star', 'Wars'];
  const titles: string[] = [];
  for (let length = 0; length < totalChars;) {
    const count = 1 + Math.floor(random() * 5);
    const title = `${Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(' ')} (${1950 + (titles.length % 70)})`;
    titles.push(title);
    length += title.length;
  }
  return titles;
}

function timeMs(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

it('indexes and searches any title and query up to 100,000 characters within a budget set by ordinary text', () => {
  const ordinary = ordinaryTitles(MAX_LENGTH);
  const popularity = ordinary.map((_title, item) => item % 97);
  // The reference: index titles of MAX_LENGTH characters in all and search them with a typo and a long query.
  const reference = () => {
    const index = createTitleIndex(ordinary, popularity);
    index.search('godfater part 2', 8);
    index.search(ordinary.slice(0, 20).join(' '), 8);
  };
  reference();
  const budgetMs = BUDGET_FACTOR * median([timeMs(reference), timeMs(reference), timeMs(reference)]);

  const slowest = { ms: 0, budgetMs };
  fc.assert(
    fc.property(hostileText, hostileText, (title, query) => {
      const elapsedMs = timeMs(() => {
        const index = createTitleIndex([title, 'Toy Story (1995)', query], [1, 2, 3]);
        index.search(query, 8);
        index.search(title, 8);
        index.search(`${query.slice(0, 10)} ${title.slice(0, 10)}`, 8);
      });
      slowest.ms = Math.max(slowest.ms, elapsedMs);
      expect(elapsedMs).toBeLessThan(budgetMs);
    }),
    { numRuns: 40, seed: 20261202 },
  );
  console.log(`search-bounds: slowest case ${slowest.ms.toFixed(1)} ms, budget ${budgetMs.toFixed(1)} ms`);
});

it('still finds a very long title by its beginning', () => {
  const long = `Godfather ${'and more '.repeat(20_000)}(1972)`;
  const index = createTitleIndex(['Toy Story (1995)', long], [5, 1]);
  expect(index.search('godfather', 2)).toEqual([1]);
  expect(index.search('godfater', 2)).toEqual([1]);
  expect(long.length).toBeGreaterThan(MAX_INDEXED_TITLE_CHARS);
});
