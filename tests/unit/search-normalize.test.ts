import { describe, expect, it } from 'vitest';
import {
  displayTitle,
  foldCase,
  moveTrailingArticles,
  normalizeTitle,
  splitTitle,
} from '../../src/search/normalize.ts';

describe('normalizeTitle', () => {
  it('folds case, accents and punctuation into single spaces', () => {
    expect(normalizeTitle('GoldenEye (1995)')).toBe('goldeneye 1995');
    expect(normalizeTitle('  Golden-Eye!!  ')).toBe('golden eye');
    expect(normalizeTitle('Amélie')).toBe('amelie');
    expect(normalizeTitle('Crème Brûlée: Señor Ñandú')).toBe('creme brulee senor nandu');
    expect(normalizeTitle("Schindler's List")).toBe('schindler s list');
    expect(normalizeTitle('...')).toBe('');
  });

  it('folds letters that Unicode does not decompose', () => {
    expect(foldCase('Æon Flux')).toBe('aeon flux');
    expect(normalizeTitle('Søren Kierkegaard')).toBe('soren kierkegaard');
    expect(normalizeTitle('Die Straße')).toBe('die strasse');
    expect(normalizeTitle('Łódź')).toBe('lodz');
    expect(normalizeTitle('Œdipus')).toBe('oedipus');
  });

  it('moves MovieLens trailing articles to the front', () => {
    expect(normalizeTitle('Shawshank Redemption, The (1994)')).toBe('the shawshank redemption 1994');
    expect(normalizeTitle('Beautiful Mind, A (2001)')).toBe('a beautiful mind 2001');
    expect(normalizeTitle('Misérables, Les (1995)')).toBe('les miserables 1995');
    expect(normalizeTitle('Haine, La (1995)')).toBe('la haine 1995');
    expect(normalizeTitle('Unendliche Geschichte, Die')).toBe('die unendliche geschichte');
    expect(normalizeTitle('Boot, Das (1981)')).toBe('das boot 1981');
    expect(normalizeTitle('Postino, Il (1994)')).toBe('il postino 1994');
    expect(normalizeTitle('Laberinto del fauno, El (2006)')).toBe('el laberinto del fauno 2006');
    expect(normalizeTitle('Eye for an Eye, An (1981)')).toBe('an eye for an eye 1981');
  });

  it('leaves commas that are not trailing articles alone', () => {
    expect(moveTrailingArticles('Good, the Bad and the Ugly, The')).toBe('The Good, the Bad and the Ugly');
    expect(moveTrailingArticles('Honey, I Shrunk the Kids (1989)')).toBe('Honey, I Shrunk the Kids (1989)');
    expect(moveTrailingArticles('Crouching Tiger, Hidden Dragon (2000)')).toBe('Crouching Tiger, Hidden Dragon (2000)');
  });

  it('moves articles inside alternative titles and glues elided ones', () => {
    expect(moveTrailingArticles("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).toBe(
      "Amelie (Le Fabuleux destin d'Amélie Poulain) (2001)",
    );
    expect(moveTrailingArticles("Homme qui aimait les femmes, L' (1977)")).toBe("L'Homme qui aimait les femmes (1977)");
  });
});

describe('splitTitle', () => {
  it('separates primary title, alternative titles and year', () => {
    expect(splitTitle("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).toEqual({
      primary: 'Amelie',
      alternatives: ["Le Fabuleux destin d'Amélie Poulain"],
      year: 2001,
    });
    expect(splitTitle('Shawshank Redemption, The (1994)')).toEqual({
      primary: 'The Shawshank Redemption',
      alternatives: [],
      year: 1994,
    });
    expect(splitTitle('Seven (a.k.a. Se7en) (1995)').alternatives).toEqual(['a.k.a. Se7en']);
  });

  it('keeps parentheses inside the primary title', () => {
    expect(splitTitle('Evangelion: 1.0 You Are (Not) Alone (Evangerion shin gekijôban: Jo) (2007)')).toEqual({
      primary: 'Evangelion: 1.0 You Are (Not) Alone',
      alternatives: ['Evangerion shin gekijôban: Jo'],
      year: 2007,
    });
    expect(splitTitle('(500) Days of Summer (2009)').primary).toBe('(500) Days of Summer');
  });

  it('copes with titles without a year and with year ranges', () => {
    expect(splitTitle('Black Mirror')).toEqual({ primary: 'Black Mirror', alternatives: [], year: 0 });
    expect(splitTitle('Planet Earth (2006–2007)').year).toBe(2006);
    expect(splitTitle('Planet Earth (2006–2007)').primary).toBe('Planet Earth');
  });

  it('gives the title as a person says it', () => {
    expect(displayTitle('Shawshank Redemption, The (1994)')).toBe('The Shawshank Redemption');
    expect(displayTitle('Toy Story (1995)')).toBe('Toy Story');
  });
});
