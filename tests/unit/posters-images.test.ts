import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { collectPosterImages, MAX_POSTER_BYTES, sniffImageType } from '../../src/posters/image-files.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const WEBP = new TextEncoder().encode('RIFF\x10\0\0\0WEBPVP8 ');

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('GIF89a......'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });
});

describe('collectPosterImages', () => {
  it('keeps named images with their sniffed type and lists what it skips', async () => {
    const found = await collectPosterImages([
      new File([PNG], '1.png'),
      new File([JPEG], 'tmdb-862.JPG'),
      new File([PNG], 'photo.png.jpg'), // a poster_path-like name is fine; its bytes decide the type
      new File(['<html>'], '2.jpg'),
      new File(['hello'], 'notes.txt'),
    ]);
    expect(found.error).toBeNull();
    expect(found.images.map((image) => [image.key, image.image.type])).toEqual([
      ['movie:1', 'image/png'],
      ['tmdb:862', 'image/jpeg'],
    ]);
    expect(found.skipped).toEqual([
      'photo.png.jpg: not named by a movieId, tmdbId, imdbId or poster_path',
      '2.jpg: not a JPEG, PNG or WebP image',
      'notes.txt: not named by a movieId, tmdbId, imdbId or poster_path',
    ]);
  });

  it('reads the images inside a zip, skipping folders, macOS metadata and unrelated files', async () => {
    const zip = zipSync({
      'posters/tt0114709.png': PNG,
      'posters/abcDEF123.webp': WEBP,
      '__MACOSX/posters/._tt0114709.png': PNG,
      'posters/readme.md': new TextEncoder().encode('# posters'),
    });
    const found = await collectPosterImages([new File([zip], 'posters.zip')]);
    expect(found.error).toBeNull();
    expect(found.images.map((image) => [image.key, image.fileName])).toEqual([
      ['imdb:114709', 'posters.zip/posters/tt0114709.png'],
      ['path:abcdef123', 'posters.zip/posters/abcDEF123.webp'],
    ]);
    expect(found.skipped).toEqual([
      'posters.zip/posters/readme.md: not named by a movieId, tmdbId, imdbId or poster_path',
    ]);
  });

  it('skips an image over the size limit without holding it, and reports a corrupt zip', async () => {
    const big = new Uint8Array(MAX_POSTER_BYTES + 1);
    big.set(PNG);
    const zip = zipSync({ '5.png': big }, { level: 1 });
    const found = await collectPosterImages([new File([zip], 'big.zip')]);
    expect(found.images).toEqual([]);
    expect(found.skipped).toEqual(['big.zip/5.png: larger than 20 MB']);

    const corrupt = await collectPosterImages([new File([zip.slice(0, 40)], 'cut.zip'), new File([PNG], '9.png')]);
    expect(corrupt.error ?? 'no error').not.toBe('no error');
  });

  it('refuses a zip that unpacks past the limit (a zip bomb) and stores none of it', async () => {
    const entry = new Uint8Array(10_000_000);
    entry.set(PNG);
    const bomb = zipSync(Object.fromEntries([1, 2, 3, 4, 5].map((id) => [`${id}.png`, entry])), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const found = await collectPosterImages([new File([bomb], 'bomb.zip')], undefined, undefined, 25_000_000);
    expect(found.error).toBe('bomb.zip unpacks to more than 25.0 MB: refused (a zip bomb?).');
    expect(found.images).toEqual([]);
  });
});
