import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTitleIndex } from '../../src/search/title-index.ts';
import { canonicalWords } from '../../src/search/word-index.ts';
import { movielensDir, movielensMissing } from '../support/movielens-dir.ts';
import { loadTitlesAndCounts } from '../support/movielens-titles.ts';

const dataDir = movielensDir();
if (!dataDir) console.log(`search-forgiving: skipped. ${movielensMissing}`);

/** What people type (typos, missing or extra letters, numbers written another way, words left out) -> the film. */
const MISTYPED: [query: string, film: string][] = [
  ['godfater', 'Godfather, The (1972)'],
  ['lion kng', 'Lion King, The (1994)'],
  ['shawshenk', 'Shawshank Redemption, The (1994)'],
  ['jurasic park', 'Jurassic Park (1993)'],
  ['forest gump', 'Forrest Gump (1994)'],
  ['star wars 2', 'Star Wars: Episode II - Attack of the Clones (2002)'],
  ['harry potter part II', 'Harry Potter and the Deathly Hallows: Part 2 (2011)'],
  ['pulp fictoin', 'Pulp Fiction (1994)'],
  ['shindlers list', "Schindler's List (1993)"],
  ['terminator II', 'Terminator 2: Judgment Day (1991)'],
  ['back to the future 2', 'Back to the Future Part II (1989)'],
  ['felowship of the ring', 'Lord of the Rings: The Fellowship of the Ring, The (2001)'],
  ['raiders of the lost arc', 'Raiders of the Lost Ark (Indiana Jones and the Raiders of the Lost Ark) (1981)'],
  ['pirates carribean', 'Pirates of the Caribbean: The Curse of the Black Pearl (2003)'],
  ['amellie', "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"],
  ['fast and furious 6', 'Fast & Furious 6 (Fast and the Furious 6, The) (2013)'],
  ['wallace and gromit wrong trousers', 'Wallace & Gromit: The Wrong Trousers (1993)'],
  ['rocky 2', 'Rocky II (1979)'],
  ['rocky four', 'Rocky IV (1985)'],
  ['bravehart', 'Braveheart (1995)'],
  ['gladiater', 'Gladiator (2000)'],
  ['titanik', 'Titanic (1997)'],
  ['inseption', 'Inception (2010)'],
  ['intersteller', 'Interstellar (2014)'],
  ['figth club', 'Fight Club (1999)'],
  ['matirx', 'Matrix, The (1999)'],
  ['toy stroy 2', 'Toy Story 2 (1999)'],
  ['ghostbusters 2', 'Ghostbusters II (1989)'],
  ['kill bill volume 2', 'Kill Bill: Vol. 2 (2004)'],
  ['srek', 'Shrek (2001)'],
  ['leon profesional', 'Léon: The Professional (a.k.a. The Professional) (Léon) (1994)'],
  ['beuty and the beast', 'Beauty and the Beast (1991)'],
  ['spirited awya', 'Spirited Away (Sen to Chihiro no kamikakushi) (2001)'],
  ['memnto', 'Memento (2000)'],
  ['oceans 11', "Ocean's Eleven (2001)"],
  ['the godfather part 2', 'Godfather: Part II, The (1974)'],
  ['godfather 3', 'Godfather: Part III, The (1990)'],
  ['jurassic park 3', 'Jurassic Park III (2001)'],
  ['harry poter chamber secrets', 'Harry Potter and the Chamber of Secrets (2002)'],
  ['the lion king 2', "Lion King II: Simba's Pride, The (1998)"],
  ['silence of the lams', 'Silence of the Lambs, The (1991)'],
  ['redemption shawshank', 'Shawshank Redemption, The (1994)'],
];

describe.skipIf(!dataDir)('search that forgives, on ml-latest-small', () => {
  const { titles, popularity } = dataDir
    ? loadTitlesAndCounts(join(dataDir, 'ml-latest-small'))
    : { titles: [], popularity: [] };
  const index = createTitleIndex(titles, popularity);
  const top = (query: string, limit: number) => index.search(query, limit).map((item) => titles[item]);

  it('has at least 30 queries, each about a film in the catalogue', () => {
    expect(MISTYPED.length).toBeGreaterThanOrEqual(30);
    for (const [, film] of MISTYPED) expect(titles).toContain(film);
  });

  it.each(MISTYPED)('%s finds %s among the first 3 suggestions', (query, film) => {
    expect(top(query, 8).slice(0, 3)).toContain(film);
  });

  it('finds a film while its mistyped last word is still being typed', () => {
    expect(top('shawshen', 3)).toContain('Shawshank Redemption, The (1994)');
    expect(top('jurasic pa', 3)).toContain('Jurassic Park (1993)');
  });

  it('keeps exact matches above forgiving ones', () => {
    // "Titanic (1997)" and "Titanic (1953)" match "titanic" exactly; "Titanica" only begins with it.
    expect(top('titanic', 3).slice(0, 2).sort()).toEqual(['Titanic (1953)', 'Titanic (1997)']);
    // "Gladiator (2000)" is within one letter of "gladiater" but the exact query finds the exact film.
    expect(top('godfather', 1)).toEqual(['Godfather, The (1972)']);
    expect(top('rocky ii', 1)).toEqual(['Rocky II (1979)']);
  });
});

describe('canonical words', () => {
  it('writes sequel numbers one way and drops filler', () => {
    expect(canonicalWords(['harry', 'potter', 'part', 'ii']).words).toEqual(['harry', 'potter', '2']);
    expect(canonicalWords(['rocky', 'four']).words).toEqual(['rocky', '4']);
    expect(canonicalWords(['wallace', 'and', 'gromit']).words).toEqual(['wallace', 'gromit']);
    expect(canonicalWords(['schindler', 's', 'list']).words).toEqual(['schindlers', 'list']);
  });

  it('says whether anything changed', () => {
    expect(canonicalWords(['toy', 'story']).changed).toBe(false);
    expect(canonicalWords(['toy', 'story', 'ii']).changed).toBe(true);
    expect(canonicalWords(['star', 'wars', '2']).changed).toBe(true);
  });

  it('puts "II" above more popular titles that only have a year starting with 2, even when those fill the list', () => {
    const titles = Array.from({ length: 10 }, (_, n) => `Star Wars Story ${'ABCDEFGHIJ'[n]} (20${10 + n})`);
    titles.push('Star Wars: Episode II - Attack of the Clones (2002)');
    const popularity = titles.map((_title, item) => (item < 10 ? 1000 - item : 5));
    const index = createTitleIndex(titles, popularity);
    expect(index.search('star wars 2', 8)[0]).toBe(10);
    expect(index.search('star wars two', 8)[0]).toBe(10);
  });
});
