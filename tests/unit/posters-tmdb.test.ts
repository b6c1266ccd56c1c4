import { describe, expect, it } from 'vitest';
import { posterUrl, TMDB_ATTRIBUTION } from '../../src/posters/tmdb.ts';

describe('posterUrl', () => {
  it('joins the TMDB image base, the size and the poster path', () => {
    expect(posterUrl('/9gk7adHYeDvHkCSEqAvQNLV5Uge.jpg')).toBe(
      'https://image.tmdb.org/t/p/w185/9gk7adHYeDvHkCSEqAvQNLV5Uge.jpg',
    );
    expect(posterUrl('/abc.jpg', 'w342')).toBe('https://image.tmdb.org/t/p/w342/abc.jpg');
    expect(posterUrl('/abc.jpg', 'original')).toBe('https://image.tmdb.org/t/p/original/abc.jpg');
  });

  it('returns null for a film without a poster path', () => {
    expect(posterUrl('')).toBeNull();
    expect(posterUrl('   ')).toBeNull();
  });

  it('tolerates a missing leading slash and stray whitespace', () => {
    expect(posterUrl('abc.jpg')).toBe('https://image.tmdb.org/t/p/w185/abc.jpg');
    expect(posterUrl(' /abc.jpg\r')).toBe('https://image.tmdb.org/t/p/w185/abc.jpg');
  });

  it('yields a URL the URL parser accepts, on the TMDB image host', () => {
    const url = new URL(posterUrl('/a b.jpg')!);
    expect(url.host).toBe('image.tmdb.org');
    expect(url.pathname).toBe('/t/p/w185/a%20b.jpg');
  });
});

describe('TMDB_ATTRIBUTION', () => {
  it('is the sentence TMDB requires', () => {
    expect(TMDB_ATTRIBUTION).toBe('This product uses the TMDB API but is not endorsed or certified by TMDB.');
  });
});
