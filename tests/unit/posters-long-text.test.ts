/**
 * Text of any length a file can bring (titles, genres) costs bounded work in the generated poster and in text
 * fitting: random Unicode strings up to 100,000 characters of the shapes that defeat naive layout (one endless word,
 * only spaces, stacked combining marks, surrogate pairs, right-to-left runs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutText } from '../../src/data/cut-text.ts';
import { generatedPosterSvg } from '../../src/posters/generated.ts';
import { ellipsize, fitText, textWidthPx } from '../../src/posters/text-fit.ts';

/**
 * Time allowed per call. Bounded work takes a few milliseconds here even for 100,000 characters; the cubic fit this
 * guards against took over a second at 1,000 characters and minutes at 11,683. The budget is generous so a loaded,
 * throttled machine cannot fail it, while any superlinear blow-up at 100,000 characters still does.
 */
const BUDGET_MS = 1500;

/** Pieces each shape is built from; a string is one piece pattern repeated to a random length. */
const SHAPES: Record<string, fc.Arbitrary<string>> = {
  'no spaces': fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).map((s) => s.replace(/\s/g, 'x')),
  'all spaces': fc.constantFrom(' ', '\t', '\u00a0', '\u3000', ' \n'),
  'combining marks': fc.constantFrom('e\u0301', 'a\u0300\u0316\u0317\u0318', '\u0301', 'ü̈̈̈'),
  'surrogate pairs': fc.constantFrom('😀', '👩‍👩‍👧', '𝕏', '🇫🇷', '\ud83d'),
  'right to left': fc.constantFrom('\u202eعربي', 'שלום ', 'مرحبا', '\u200f-\u200e'),
  'any unicode': fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
};

/** A string of one shape, 0 to 100,000 UTF-16 units long (often the maximum, where blow-ups show). */
function longText(shape: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(shape, fc.oneof(fc.constant(100_000), fc.integer({ min: 0, max: 100_000 })))
    .map(([piece, length]) =>
      piece.length === 0 ? '' : piece.repeat(Math.ceil(length / piece.length)).slice(0, length),
    );
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

const POSTER_BOX = {
  widthPx: 153,
  heightPx: 118,
  maxLines: 5,
  fontSizesPx: [34, 30, 27, 24, 21, 19, 17, 15, 13],
  lineHeight: 1.04,
};

describe.each(Object.entries(SHAPES))('text of any length: %s', (_name, shape) => {
  it('is fitted within the budget, in at most maxLines lines no wider than the box', () => {
    fc.assert(
      fc.property(longText(shape), (text) => {
        const { value: fitted, ms } = timed(() => fitText(text, POSTER_BOX));
        expect(ms).toBeLessThan(BUDGET_MS);
        expect(fitted.lines.length).toBeLessThanOrEqual(POSTER_BOX.maxLines);
        for (const line of fitted.lines) expect(textWidthPx(line, fitted.fontSizePx)).toBeLessThanOrEqual(153);
      }),
      { numRuns: 12 },
    );
  });

  it('is ellipsized within the budget to a line that fits', () => {
    fc.assert(
      fc.property(longText(shape), (text) => {
        const box = { widthPx: 153, fontSizePx: 7.5, letterSpacingPx: 1.1 };
        const { value: line, ms } = timed(() => ellipsize(text, box));
        expect(ms).toBeLessThan(BUDGET_MS);
        expect(textWidthPx(line, 7.5, 1.1)).toBeLessThanOrEqual(153);
      }),
      { numRuns: 12 },
    );
  });

  it('makes a poster within the budget whose size does not grow with the text', () => {
    fc.assert(
      fc.property(longText(shape), longText(shape), (title, genreList) => {
        const genres = genreList.split(/[|\s]/).slice(0, 50_000);
        const { value: svg, ms } = timed(() =>
          generatedPosterSvg({ title, year: 2000, genres: [genreList, ...genres] }),
        );
        expect(ms).toBeLessThan(BUDGET_MS);
        expect(svg.length).toBeLessThan(30_000);
        expect(svg.endsWith('</svg>')).toBe(true);
      }),
      { numRuns: 8 },
    );
  });
});

describe('growing titles', () => {
  // Lengths in increasing order, so superlinear code fails at a small length instead of hanging at a large one.
  it.each(['Titlé-', ' ', 'e\u0301', '😀', 'مرحبا'])(
    'of %j repeated stay within the budget up to 100,000 characters',
    (piece) => {
      for (const length of [1_000, 4_000, 16_000, 100_000]) {
        const title = piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
        const { ms } = timed(() => generatedPosterSvg({ title, year: 2000, genres: [title, title] }));
        expect(ms, `${length} characters`).toBeLessThan(BUDGET_MS);
      }
    },
  );
});

describe('the poster of an endless one-word title', () => {
  const title = `Long ${'Titlé-'.repeat(1947)} (2000)`;

  it('shows the start of the title, cut with an ellipsis on the last line', () => {
    const fitted = fitText(title, POSTER_BOX);
    expect(fitted.lines[0].startsWith('Long')).toBe(true);
    expect(fitted.lines.at(-1)!.endsWith('…')).toBe(true);
    expect(fitted.fontSizePx).toBe(13);
  });

  it('fits short titles exactly as before: whole words, largest size that fits', () => {
    const fitted = fitText('The Lord of the Rings: The Fellowship of the Ring', POSTER_BOX);
    expect(fitted.lines.join(' ')).toBe('The Lord of the Rings: The Fellowship of the Ring');
    expect(fitted.fontSizePx).toBeGreaterThan(13);
  });
});

describe('cutText', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis, never halving a surrogate pair', () => {
    expect(cutText('Heat', 10)).toBe('Heat');
    expect(cutText('abcdefghijkl', 5)).toBe('abcd…');
    const cut = cutText('ab😀😀😀', 4); // the 4th unit would be the high half of the second emoji
    expect(cut).toBe('ab…');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (text, limit) => {
        const result = cutText(text, limit);
        expect(result.length).toBeLessThanOrEqual(Math.max(limit, 1));
        if (text.length <= limit) expect(result).toBe(text);
        else expect(result.endsWith('…') && text.startsWith(result.slice(0, -1))).toBe(true);
        expect(/[\ud800-\udbff]$/.test(result.slice(0, -1)) && result !== text).toBe(false);
      }),
    );
  });
});
