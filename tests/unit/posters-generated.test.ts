import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedPosterMarkup, generatedPosterSvg } from '../../src/posters/generated.ts';
import { GENRE_COLORS, genreColor } from '../../src/posters/palette.ts';
import { fitText, textWidthPx } from '../../src/posters/text-fit.ts';

const GENRES = Object.keys(GENRE_COLORS).filter((genre) => genre !== '(no genres listed)');

/**
 * A small XML well-formedness check (Node has no DOMParser): every character belongs to a tag or to text, tags nest,
 * attribute values are quoted, and every "&" starts an entity. Enough to catch a title that breaks the markup.
 */
function expectWellFormedXml(xml: string): void {
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const open: string[] = [];
  let consumed = 0;
  for (let match = token.exec(xml); match; match = token.exec(xml)) {
    consumed = token.lastIndex;
    const [, closing, name, attributes, selfClosing, text] = match;
    const escapable = text ?? attributes ?? '';
    expect(escapable.replace(/&(?:amp|lt|gt|quot|apos|#\d+);/g, '')).not.toContain('&');
    if (text !== undefined) continue;
    if (closing) expect(open.pop()).toBe(name);
    else if (!selfClosing) open.push(name);
  }
  expect(consumed).toBe(xml.length);
  expect(open).toEqual([]);
}

/** Colours of the background gradient's two stops. */
function backgroundStops(svg: string): string[] {
  const gradient = /<linearGradient id="[^"]*-bg"[^>]*>(.*?)<\/linearGradient>/.exec(svg)![1];
  return [...gradient.matchAll(/stop-color="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
}

describe('generatedPoster', () => {
  const tricky = { title: `Tom & Jerry <Meet> "Sherlock" O'Brien (2010)`, year: 2010, genres: ['Comedy', 'Crime'] };

  it('is one well-formed SVG element to draw inline, hidden itself (its container names it), with no <title>', () => {
    const svg = generatedPosterMarkup(tricky, 'poster7');
    expect(svg.startsWith('<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<title>');
    expectWellFormedXml(svg);
  });

  it('names its ids with the prefix it is given, so two copies in one page do not share definitions', () => {
    const first = generatedPosterMarkup(tricky, 'poster1');
    const second = generatedPosterMarkup(tricky, 'poster2');
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    const used = (svg: string) => [...svg.matchAll(/url\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(ids(first).length).toBeGreaterThanOrEqual(4);
    expect(ids(first).every((id) => id.startsWith('poster1-'))).toBe(true);
    expect(ids(second).every((id) => id.startsWith('poster2-'))).toBe(true);
    expect(used(first).every((id) => ids(first).includes(id))).toBe(true);
    expect(second).toBe(first.replaceAll('poster1-', 'poster2-'));
  });

  it('contains the title escaped, the year and the genres', () => {
    const svg = generatedPosterMarkup(tricky, 'poster1');
    expect(svg.replace(/<[^>]+>/g, ' ')).toMatch(
      /Tom &amp; Jerry\s+&lt;Meet&gt;\s+&quot;Sherlock&quot;\s+O&apos;Brien/,
    );
    expect(svg).not.toContain('<Meet>');
    expect(svg).toContain('>2010<');
    expect(svg).toContain('COMEDY · CRIME');
  });

  it('shows MovieLens titles as people say them', () => {
    const svg = generatedPosterSvg({ title: 'Shawshank Redemption, The (1994)', year: 1994, genres: ['Drama'] });
    expect(svg.replace(/<[^>]+>/g, ' ')).toMatch(/The\s+Shawshank\s+Redemption/);
  });

  it('stays well-formed for any title and genre list', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120, unit: 'binary' }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
        (title, genres) => {
          expectWellFormedXml(generatedPosterMarkup({ title, year: 1999, genres }, 'poster1'));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes its colours from the genres: same genres, same colours; different genres, different colours', () => {
    const heat = backgroundStops(generatedPosterSvg({ title: 'Heat', year: 1995, genres: ['Action', 'Crime'] }));
    const ronin = backgroundStops(generatedPosterSvg({ title: 'Ronin', year: 1998, genres: ['Action', 'Crime'] }));
    const babe = backgroundStops(generatedPosterSvg({ title: 'Babe', year: 1995, genres: ['Children', 'Drama'] }));
    expect(heat).toEqual(ronin);
    expect(heat).not.toEqual(babe);
    expect(heat[1]).toBe(genreColor('Crime'));
  });

  it('is deterministic, and films of one genre still differ in layout', () => {
    const facts = { title: 'Heat (1995)', year: 1995, genres: ['Action', 'Crime'] };
    expect(generatedPosterMarkup(facts, 'poster1')).toBe(
      generatedPosterMarkup({ ...facts, genres: [...facts.genres] }, 'poster1'),
    );
    expect(generatedPosterSvg(facts).replace(/Heat/g, '')).not.toBe(
      generatedPosterSvg({ ...facts, title: 'Ronin (1995)' }).replace(/Ronin/g, ''),
    );
  });

  it('sets a long title smaller than a short one, and never wider than the poster', () => {
    const fontSize = (title: string) =>
      Number(
        /<text font-family="[^"]*" font-size="([\d.]+)" font-weight="800"/.exec(
          generatedPosterSvg({ title, genres: [] }),
        )![1],
      );
    const long = 'Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb (1964)';
    expect(fontSize(long)).toBeLessThan(fontSize('Heat (1995)'));
    const lines = [
      ...generatedPosterSvg({ title: long, genres: [] }).matchAll(/<tspan x="([\d.]+)"[^>]*>([^<]*)<\/tspan>/g),
    ];
    for (const [, x, line] of lines)
      expect(Number(x) + textWidthPx(line, fontSize(long))).toBeLessThanOrEqual(185 - 14);
  });
});

describe('fitText', () => {
  const box = { widthPx: 153, heightPx: 118, maxLines: 5, fontSizesPx: [34, 27, 21, 17, 13], lineHeight: 1.04 };

  it('keeps every word of a title that fits, in order', () => {
    const fitted = fitText('The Lord of the Rings: The Fellowship of the Ring', box);
    expect(fitted.lines.join(' ')).toBe('The Lord of the Rings: The Fellowship of the Ring');
    expect(fitted.fontSizePx).toBeLessThan(34);
  });

  it('never produces a line wider than the box or more lines than allowed, ellipsizing when it must', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const fitted = fitText(text, box);
        expect(fitted.lines.length).toBeLessThanOrEqual(box.maxLines);
        for (const line of fitted.lines) expect(textWidthPx(line, fitted.fontSizePx)).toBeLessThanOrEqual(box.widthPx);
      }),
      { numRuns: 300 },
    );
    const overlong = fitText('word '.repeat(200), box);
    expect(overlong.lines.at(-1)!.endsWith('…')).toBe(true);
  });
});

describe('genreColor', () => {
  it('gives each MovieLens genre its own colour', () => {
    const colours = GENRES.map(genreColor);
    expect(GENRES).toHaveLength(19);
    expect(new Set(colours).size).toBe(19);
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives an unknown genre a stable colour', () => {
    expect(genreColor('Superhero')).toMatch(/^#[0-9a-f]{6}$/);
    expect(genreColor('Superhero')).toBe(genreColor('Superhero'));
    expect(genreColor('Superhero')).not.toBe(genreColor('Kaiju'));
  });
});
