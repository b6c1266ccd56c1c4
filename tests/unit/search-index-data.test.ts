/** The index built as plain data (as the worker does) and sent by structured clone answers like the direct one. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/data/random.ts';
import { buildTitleIndexData, createTitleIndex, titleIndexFromData } from '../../src/search/title-index.ts';

/** 3,000 MovieLens-shaped titles with shared syllables, so most queries match many titles in several tiers. */
function generatedCatalogue(count: number, seed: number) {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const syllables = ['ka', 'lo', 'mé', 'ri', 'sta', 'von', 'tel', 'ar', 'gold', 'en', 'eye', 'toy', 'sto', 'ry'];
  const word = () => {
    const letters = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(syllables)).join('');
    return letters[0].toUpperCase() + letters.slice(1);
  };
  const titles: string[] = [];
  const popularity = new Int32Array(count);
  for (let item = 0; item < count; item++) {
    let title = Array.from({ length: 1 + Math.floor(random() * 4) }, word).join(pick([' ', ' ', ': ', '-']));
    if (random() < 0.15) title += `, ${pick(['The', 'A', 'Les', 'Die'])}`;
    if (random() < 0.1) title += ` (${word()} ${word()})`;
    titles.push(`${title} (${1920 + Math.floor(random() * 100)})`);
    popularity[item] = Math.floor(1 / (random() + 1e-3));
  }
  return { titles, popularity, random };
}

describe('titleIndexFromData', () => {
  const { titles, popularity, random } = generatedCatalogue(3_000, 11);
  const direct = createTitleIndex(titles, popularity);
  const cloned = titleIndexFromData(structuredClone(buildTitleIndexData(titles, popularity)));

  it('answers fixed and title-derived queries exactly like createTitleIndex', () => {
    const queries = ['k', 'gold', 'golden eye', 'eye gold', 'toy story', 'the', 'les ka', 'é', '1955', 'zzz', ''];
    for (let trial = 0; trial < 60; trial++) {
      const title = titles[Math.floor(random() * titles.length)];
      const words = title.split(/[\s:-]+/);
      queries.push(title.slice(0, 1 + Math.floor(random() * title.length)));
      queries.push(words.reverse().slice(0, 2).join(' '));
    }
    let answered = 0;
    for (const query of queries) {
      const expected = direct.search(query, 8);
      expect(cloned.search(query, 8), query).toEqual(expected);
      if (expected.length > 0) answered++;
    }
    expect(answered).toBeGreaterThan(100);
  });

  it('keeps working across many queries (its per-query scratch state survives the clone)', () => {
    for (let round = 0; round < 3; round++) {
      expect(cloned.search('gold', 20)).toEqual(direct.search('gold', 20));
      expect(cloned.search('sta ka', 20)).toEqual(direct.search('sta ka', 20));
    }
  });
});
