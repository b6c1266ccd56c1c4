import { expect, it } from 'vitest';
import { mulberry32 } from '../../src/data/random.ts';
import { createTitleIndex } from '../../src/search/title-index.ts';

/** 60,000 MovieLens-shaped titles (ml-25m has 62,423): made-up words, trailing articles, accents, years. */
function syntheticCatalogue(count: number, seed: number) {
  const random = mulberry32(seed); // the same catalogue on every run
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const syllables = [
    'ka',
    'lo',
    'mé',
    'ri',
    'sta',
    'von',
    'tel',
    'ar',
    'gold',
    'en',
    'eye',
    'dré',
    'nox',
    'pa',
    'qui',
    'ür',
  ];
  const articles = ['The', 'A', 'Les', 'La', 'Die', 'El'];
  const word = () => {
    const letters = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(syllables)).join('');
    return letters[0].toUpperCase() + letters.slice(1);
  };
  const titles: string[] = [];
  const popularity = new Float64Array(count);
  for (let item = 0; item < count; item++) {
    let title = Array.from({ length: 1 + Math.floor(random() * 5) }, word).join(pick([' ', ' ', ': ', '-']));
    if (random() < 0.15) title += `, ${pick(articles)}`;
    if (random() < 0.1) title += ` (${word()} ${word()})`;
    titles.push(`${title} (${1900 + Math.floor(random() * 125)})`);
    popularity[item] = Math.floor(1 / (random() + 1e-3));
  }
  return { titles, popularity };
}

it('answers each keystroke quickly on a 60,000-title catalogue (prints timings; no timing assertion)', () => {
  const { titles, popularity } = syntheticCatalogue(60_000, 7);
  const target = 'Shawshank Redemption, The (1994)';
  titles[31_337] = target;
  const buildStarted = performance.now();
  const index = createTitleIndex(titles, popularity);
  const buildMs = performance.now() - buildStarted;

  const typed = ['the shawshank redemption', 'golden eye', 'a', 'ka lo', 'stavon telar 1999', 'zzz', 'e'];
  for (let warmup = 0; warmup < 3; warmup++) for (const query of typed) index.search(query, 50);
  const keystrokeMs: number[] = [];
  let slowest = { query: '', elapsedMs: 0 };
  for (const query of typed) {
    for (let length = 1; length <= query.length; length++) {
      const started = performance.now();
      index.search(query.slice(0, length), 50);
      const elapsedMs = performance.now() - started;
      keystrokeMs.push(elapsedMs);
      if (elapsedMs > slowest.elapsedMs) slowest = { query: query.slice(0, length), elapsedMs };
    }
  }
  keystrokeMs.sort((a, b) => a - b);
  const median = keystrokeMs[keystrokeMs.length >> 1];
  const worst = keystrokeMs[keystrokeMs.length - 1];
  console.log(
    `title search, ${titles.length} titles: build ${buildMs.toFixed(0)} ms; ` +
      `${keystrokeMs.length} keystrokes, median ${median.toFixed(2)} ms, worst ${worst.toFixed(2)} ms ("${slowest.query}")`,
  );
  expect(titles[index.search('the shawshank redemption', 1)[0]]).toBe(target);
});
