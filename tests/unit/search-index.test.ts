import { describe, expect, it } from 'vitest';
import { createTitleIndex } from '../../src/search/title-index.ts';

/**
 * A hand-written catalogue with decoys: popular titles that share words or letters with the film a person wants,
 * so each query has to be answered by match quality first and popularity second.
 */
const CATALOGUE: [title: string, ratings: number][] = [
  ['Golden Eyes (2005)', 900],
  ['GoldenEye (1995)', 132],
  ['Golden Years (1991)', 400],
  ['Eye for an Eye (1996)', 6],
  ['Redemption (2013)', 700],
  ['Shawshank Redemption, The (1994)', 317],
  ['Shaw Brothers Story, The (2003)', 500],
  ['Toy Story 2 (1999)', 97],
  ['Toy Story (1995)', 215],
  ['Toy Soldiers (1991)', 800],
  ['Toy Story of Terror (2013)', 3],
  ["Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 120],
  ['Amelia (2009)', 600],
  ['Babe (1995)', 80],
  ['Babel (2006)', 300],
  ['Star Wars: Episode I - The Phantom Menace (1999)', 140],
  ['Star Wars: Episode IV - A New Hope (1977)', 251],
  ['Star Wars: Episode V - The Empire Strikes Back (1980)', 211],
  ['Rogue One: A Star Wars Story (2016)', 900],
  ['Lone Star (1996)', 950],
  ['Misérables, Les (1995)', 40],
];
const titles = CATALOGUE.map(([title]) => title);
const ratings = Int32Array.from(CATALOGUE, ([, count]) => count);
const index = createTitleIndex(titles, ratings);
const top = (query: string, limit = 5) => index.search(query, limit).map((item) => titles[item]);

describe('createTitleIndex on a hand-written catalogue', () => {
  it.each([
    ['goldeneye', 'GoldenEye (1995)'],
    ['Golden Eye', 'GoldenEye (1995)'],
    ['golden-eye', 'GoldenEye (1995)'],
    ['GOLDENEYE', 'GoldenEye (1995)'],
    ['shawshank redemption', 'Shawshank Redemption, The (1994)'],
    ['the shawshank redemption', 'Shawshank Redemption, The (1994)'],
    ['Shawshank Redemption, The', 'Shawshank Redemption, The (1994)'],
    ['shawshank', 'Shawshank Redemption, The (1994)'],
    ['toy story 1995', 'Toy Story (1995)'],
    ['toy story (1995)', 'Toy Story (1995)'],
    ['amelie', "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"],
    ['Amélie', "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"],
    ['le fabuleux destin', "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"],
    ['babe', 'Babe (1995)'],
    ['les miserables', 'Misérables, Les (1995)'],
    ['miserables', 'Misérables, Les (1995)'],
  ])('%s puts %s first', (query, expected) => {
    expect(top(query)[0]).toBe(expected);
  });

  it('lists the more popular of equally good matches first', () => {
    expect(top('toy story', 3)).toEqual(['Toy Story (1995)', 'Toy Story 2 (1999)', 'Toy Story of Terror (2013)']);
    expect(top('star wars', 3)).toEqual([
      'Star Wars: Episode IV - A New Hope (1977)',
      'Star Wars: Episode V - The Empire Strikes Back (1980)',
      'Star Wars: Episode I - The Phantom Menace (1999)',
    ]);
  });

  it('ranks titles starting with the query above titles containing it later', () => {
    // "Rogue One: A Star Wars Story" is far more popular but has "star wars" in the middle.
    expect(top('star wars', 5).at(-1)).toBe('Rogue One: A Star Wars Story (2016)');
  });

  it('ranks whole-word matches above matches inside a word', () => {
    expect(top('eye')).toEqual(['Eye for an Eye (1996)', 'Golden Eyes (2005)', 'GoldenEye (1995)']);
    expect(top('story', 10).indexOf('Toy Story (1995)')).toBeGreaterThan(0);
  });

  it('ranks a whole word above a word the query only begins', () => {
    const results = top('star', 10);
    expect(results.indexOf('Lone Star (1996)')).toBeLessThan(results.indexOf('Rogue One: A Star Wars Story (2016)'));
    expect(results[0]).toBe('Star Wars: Episode IV - A New Hope (1977)');
    expect(top('babe', 2)).toEqual(['Babe (1995)', 'Babel (2006)']);
  });

  it('finds words given out of order, below contiguous matches', () => {
    expect(top('redemption shawshank')).toEqual(['Shawshank Redemption, The (1994)']);
    expect(top('story toy', 5)).toContain('Toy Story (1995)');
  });

  it('returns nothing for blank, punctuation-only or unmatched queries, and respects the limit', () => {
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('  -- ', 10)).toEqual([]);
    expect(index.search('zzzz', 10)).toEqual([]);
    expect(index.search('toy', 0)).toEqual([]);
    expect(index.search('o', 4)).toHaveLength(4);
    expect(new Set(index.search('o', 100)).size).toBe(index.search('o', 100).length);
  });

  it('gives the same answers when queried repeatedly (no state leaks between queries)', () => {
    const first = top('star wars', 10);
    top('redemption shawshank');
    expect(top('star wars', 10)).toEqual(first);
  });

  it('works on an empty catalogue and on missing popularity', () => {
    expect(createTitleIndex([], []).search('toy', 5)).toEqual([]);
    const unweighted = createTitleIndex(['Toy Story 2 (1999)', 'Toy Story (1995)'], [Number.NaN, Number.NaN]);
    expect(unweighted.search('toy story', 2)).toEqual([1, 0]);
  });
});
