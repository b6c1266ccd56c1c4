/** The URL names the film shown: #/movie/<movieId>. */
import { describe, expect, it } from 'vitest';
import { movieHash, movieIdFromHash } from '../../src/state/route.ts';

describe('movie hash', () => {
  it('round-trips a movieId and reads the older #movie/<id> form', () => {
    expect(movieHash(2571)).toBe('#/movie/2571');
    expect(movieIdFromHash(movieHash(2571))).toBe(2571);
    expect(movieIdFromHash('#movie/10')).toBe(10);
  });

  it('names no film for other hashes', () => {
    for (const hash of ['', '#', '#/movie/', '#/movie/abc', '#/movies/1', '#/movie/1/x', '#/movie/99999999999']) {
      expect(movieIdFromHash(hash), hash).toBeNull();
    }
  });
});
