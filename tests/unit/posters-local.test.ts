import { describe, expect, it } from 'vitest';
import { localPosterKeys, localPosterName } from '../../src/posters/local-names.ts';

describe('localPosterName', () => {
  it('reads movieId, TMDB id, IMDb id and poster_path names', () => {
    expect(localPosterName('1.jpg')).toEqual({ key: 'movie:1', type: 'image/jpeg' });
    expect(localPosterName('posters/movie-42.PNG')).toEqual({ key: 'movie:42', type: 'image/png' });
    expect(localPosterName('movieId_7.webp')).toEqual({ key: 'movie:7', type: 'image/webp' });
    expect(localPosterName('tmdb-862.jpg')?.key).toBe('tmdb:862');
    expect(localPosterName('TMDB862.jpeg')?.key).toBe('tmdb:862');
    expect(localPosterName('tt0114709.jpg')?.key).toBe('imdb:114709');
    expect(localPosterName('imdb-114709.jpg')?.key).toBe('imdb:114709');
    expect(localPosterName('a\\b\\uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg')?.key).toBe('path:uxdfjjbdp4ijw5hwsbrprlkpxab');
  });

  it('skips what is not a poster image name', () => {
    for (const name of [
      'readme.txt',
      'poster.svg',
      '0.jpg',
      '.jpg',
      'a b.jpg',
      'x.jpg.exe',
      '../x.gif',
      'javascript:x.jpg',
    ]) {
      expect(localPosterName(name), name).toBeNull();
    }
  });
});

describe('localPosterKeys', () => {
  it('lists the film keys, most specific first, matching the names above', () => {
    const keys = localPosterKeys({
      movieId: 1,
      tmdbId: 862,
      imdbId: 114709,
      posterPath: '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg',
    });
    expect(keys).toEqual(['movie:1', 'tmdb:862', 'imdb:114709', 'path:uxdfjjbdp4ijw5hwsbrprlkpxab']);
    for (const name of [
      '1.jpg',
      'tmdb-862.jpg',
      'tt0114709.png',
      'uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg',
      'uxdfjjbdp4ijw5hwsbrprlkpxab.webp',
    ]) {
      expect(keys).toContain(localPosterName(name)?.key);
    }
  });

  it('leaves out unknown ids and hostile poster paths', () => {
    expect(localPosterKeys({ movieId: 5, tmdbId: 0, imdbId: 0, posterPath: '//evil.example/x.jpg' })).toEqual([
      'movie:5',
    ]);
  });
});
