import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTitle } from '../../src/search/normalize.ts';
import { createTitleIndex } from '../../src/search/title-index.ts';
import { movielensDir, movielensMissing } from '../support/movielens-dir.ts';
import { loadTitlesAndCounts } from '../support/movielens-titles.ts';

const dataDir = movielensDir();
if (!dataDir) console.log(`search-movielens: skipped. ${movielensMissing}`);

describe.skipIf(!dataDir)('title search on ml-latest-small', () => {
  const { titles, popularity } = dataDir
    ? loadTitlesAndCounts(join(dataDir, 'ml-latest-small'))
    : { titles: [], popularity: [] };
  const index = createTitleIndex(titles, popularity);
  const top = (query: string, limit = 5) => index.search(query, limit).map((item) => titles[item]);

  it('reads the whole catalogue', () => {
    expect(titles.length).toBe(9742);
  });

  it.each([
    ['goldeneye', 'GoldenEye (1995)'],
    ['Golden Eye', 'GoldenEye (1995)'],
    ['golden-eye', 'GoldenEye (1995)'],
    ['shawshank redemption', 'Shawshank Redemption, The (1994)'],
    ['the shawshank redemption', 'Shawshank Redemption, The (1994)'],
    ['toy story 1995', 'Toy Story (1995)'],
    ['toy story', 'Toy Story (1995)'],
    ['amelie', "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"],
    ['babe', 'Babe (1995)'],
    ['matrix', 'Matrix, The (1999)'],
    ['se7en', 'Seven (a.k.a. Se7en) (1995)'],
  ])('%s puts %s first', (query, expected) => {
    expect(top(query)[0]).toBe(expected);
  });

  it('lists Toy Story before its sequels and the popular Star Wars films first', () => {
    expect(top('toy story', 3)).toEqual(['Toy Story (1995)', 'Toy Story 2 (1999)', 'Toy Story 3 (2010)']);
    const starWars = index.search('star wars', 3);
    expect(starWars.map((item) => titles[item])).toEqual([
      'Star Wars: Episode IV - A New Hope (1977)',
      'Star Wars: Episode V - The Empire Strikes Back (1980)',
      'Star Wars: Episode VI - Return of the Jedi (1983)',
    ]);
    for (let rank = 1; rank < starWars.length; rank++) {
      expect(popularity[starWars[rank - 1]]).toBeGreaterThanOrEqual(popularity[starWars[rank]]);
    }
  });

  it('finds every film first when its full title is typed (unless another film has the same title)', () => {
    const titlesByForm = new Map<string, number>();
    for (const title of titles)
      titlesByForm.set(normalizeTitle(title), (titlesByForm.get(normalizeTitle(title)) ?? 0) + 1);
    const misses: string[] = [];
    titles.forEach((title, item) => {
      const found = index.search(title, 3);
      const sameTitle = titlesByForm.get(normalizeTitle(title)) ?? 0;
      if (!found.slice(0, sameTitle).includes(item)) misses.push(title);
    });
    expect(misses).toEqual([]);
  });
});
