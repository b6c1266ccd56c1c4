import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTmdbPosterUrl, posterFileName, posterUrl, TMDB_ATTRIBUTION } from '../../src/posters/tmdb.ts';

describe('posterUrl', () => {
  it('joins the TMDB image base, the size and the poster path', () => {
    expect(posterUrl('/9gk7adHYeDvHkCSEqAvQNLV5Uge.jpg')).toBe(
      'https://image.tmdb.org/t/p/w185/9gk7adHYeDvHkCSEqAvQNLV5Uge.jpg',
    );
    expect(posterUrl('/abc.jpg', 'w342')).toBe('https://image.tmdb.org/t/p/w342/abc.jpg');
    expect(posterUrl('/abc.jpg', 'original')).toBe('https://image.tmdb.org/t/p/original/abc.jpg');
    expect(posterUrl('/a_b-C.PNG')).toBe('https://image.tmdb.org/t/p/w185/a_b-C.PNG');
    expect(posterUrl('/x.webp')).toBe('https://image.tmdb.org/t/p/w185/x.webp');
  });

  it('returns null for a film without a poster path', () => {
    expect(posterUrl('')).toBeNull();
    expect(posterUrl('   ')).toBeNull();
  });

  it('tolerates a missing leading slash and stray whitespace', () => {
    expect(posterUrl('abc.jpg')).toBe('https://image.tmdb.org/t/p/w185/abc.jpg');
    expect(posterUrl(' /abc.jpg\r')).toBe('https://image.tmdb.org/t/p/w185/abc.jpg');
  });

  it('refuses every poster_path that is not a plain image file name (hostile input)', () => {
    const hostile = [
      'javascript:alert(1)',
      'javascript:alert(1)//x.jpg',
      '//elsewhere.example/x.jpg',
      '/../x.jpg',
      '../x.jpg',
      '/a/../../x.jpg',
      '/a/b.jpg',
      'https://evil.example/x.jpg',
      'http://image.tmdb.org/t/p/w185/x.jpg',
      'https://image.tmdb.org/t/p/w185/x.jpg',
      'data:image/svg+xml,<svg/>',
      'blob:https://x/y',
      '/x.jpg?u=https://evil.example',
      '/x.jpg#frag',
      '/x%2F..%2Fy.jpg',
      '/a b.jpg',
      '/x.svg',
      '/x.jpg.html',
      '/x.html',
      '\\\\evil\\x.jpg',
      '/x.jpg\n/y.jpg',
      '/<img src=x onerror=alert(1)>.jpg',
      '/ｘ.jpg',
      '/.jpg',
      'NaN',
    ];
    for (const path of hostile) {
      expect(posterUrl(path), path).toBeNull();
      expect(posterFileName(path), path).toBeNull();
    }
  });

  it('for any string, yields null or a URL on https://image.tmdb.org/t/p/ with a plain file name', () => {
    const pieces = fc.constantFrom('/', '.', '..', ':', '//', '\\', '%2F', '?', '#', '@', 'jpg', 'png', ' ', 'a', 'Z9');
    const arbitraryPath = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.webUrl().map((url) => `${url}.jpg`),
    );
    fc.assert(
      fc.property(arbitraryPath, fc.constantFrom('w92', 'w185', 'w342', 'original' as const), (path, size) => {
        const url = posterUrl(path, size);
        if (url === null) return;
        expect(url.startsWith(`https://image.tmdb.org/t/p/${size}/`)).toBe(true);
        expect(isTmdbPosterUrl(url)).toBe(true);
        const parsed = new URL(url);
        expect(parsed.origin).toBe('https://image.tmdb.org');
        expect(parsed.pathname).toBe(`/t/p/${size}/${posterFileName(path)}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isTmdbPosterUrl', () => {
  it('accepts TMDB poster URLs only', () => {
    expect(isTmdbPosterUrl('https://image.tmdb.org/t/p/w185/abc.jpg')).toBe(true);
    expect(isTmdbPosterUrl('https://image.tmdb.org/t/p/w500/abc.jpg')).toBe(true);
    expect(isTmdbPosterUrl('http://image.tmdb.org/t/p/w185/abc.jpg')).toBe(false);
    expect(isTmdbPosterUrl('https://image.tmdb.org.evil.example/t/p/w185/abc.jpg')).toBe(false);
    expect(isTmdbPosterUrl('https://image.tmdb.org/t/p/w185/../abc.jpg')).toBe(false);
    expect(isTmdbPosterUrl('https://image.tmdb.org/other/abc.jpg')).toBe(false);
    expect(isTmdbPosterUrl('not a url')).toBe(false);
  });
});

describe('TMDB_ATTRIBUTION', () => {
  it('is the sentence TMDB requires', () => {
    expect(TMDB_ATTRIBUTION).toBe('This product uses the TMDB API but is not endorsed or certified by TMDB.');
  });
});
