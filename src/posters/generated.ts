/**
 * A designed stand-in poster for films without a TMDB image: a two-genre gradient, a genre motif, the title set
 * large over a dark scrim, year and genres in small print. Returned as SVG markup that the page draws inline
 * (`generatedPosterMarkup`); everything is derived from the inputs, so the same film always gets the same poster.
 */
import { mulberry32 } from '../data/random.ts';
import { displayTitle } from '../search/normalize.ts';
import { drawMotif, POSTER_HEIGHT, POSTER_WIDTH } from './motifs.ts';
import { genreColor, hashString, shade } from './palette.ts';
import { cutText } from '../data/cut-text.ts';
import { ellipsize, fitText, textWidthPx } from './text-fit.ts';

/** What a generated poster shows. `title` may be a raw MovieLens title ("Matrix, The (1999)"). */
export interface PosterFacts {
  title: string;
  /** Release year, 0 or undefined when unknown. */
  year?: number;
  genres: readonly string[];
}

/**
 * Condensed faces first (macOS, Android, Windows, Linux), all narrower than the Helvetica Bold metrics text-fit.ts
 * assumes. DejaVu Sans Condensed comes before Arial because on a Linux without Arial or Liberation the generic
 * fallback is DejaVu Sans, about 15% wider than Helvetica; its condensed cut fits (checked by screenshots).
 */
const TITLE_FONTS =
  "'Avenir Next Condensed', 'Roboto Condensed', 'Arial Narrow', 'Liberation Sans Narrow', 'DejaVu Sans Condensed', 'Helvetica Neue', Helvetica, Arial, sans-serif";
const SMALL_FONTS =
  "'Avenir Next', 'Segoe UI', Roboto, 'Helvetica Neue', Helvetica, Arial, 'DejaVu Sans Condensed', sans-serif";

/** Margins and the title block, in poster units. */
const MARGIN = 16;
const TEXT_WIDTH = POSTER_WIDTH - 2 * MARGIN;
const GENRE_BASELINE = 262;
const TITLE_BOTTOM = 246;
const TITLE_MAX_HEIGHT = 118;
const GENRE_FONT_SIZE = 7.5;
const GENRE_LETTER_SPACING = 1.1;

/**
 * Most characters of a title or genre name a poster reads: far more than it can show (about 250 at the smallest
 * size), so a title of any length costs the same and the poster's <title> stays a readable size.
 */
const TEXT_READ_CHARS = 600;
/** Most genres a poster reads; the caption says how many more there are ("+3"). */
const GENRES_READ = 24;

/** The poster as an SVG document (exported for tests; the page wants `generatedPosterMarkup`). */
export function generatedPosterSvg(facts: PosterFacts): string {
  return drawPoster(facts, false).svg;
}

/**
 * The poster's SVG and the prefix of its ids. `inline`: for drawing in the page, inside an element that names it
 * (no <title>, hidden from assistive technology itself); otherwise a standalone document titled with the film.
 */
function drawPoster(facts: PosterFacts, inline: boolean): { svg: string; id: string } {
  const title = displayTitle(cutText(facts.title, TEXT_READ_CHARS)) || 'Untitled';
  const genres = shownGenres(facts.genres);
  const primary = genreColor(genres[0] ?? '(no genres listed)');
  const secondary = genres[1] ? genreColor(genres[1]) : shade(primary, -0.55);
  const seed = hashString(`${title}|${facts.year ?? 0}`);
  const id = `p${seed.toString(36)}`;
  const random = mulberry32(seed); // the same title always draws the same motif layout
  // Mostly left-to-right, so both genre colours show above the title's scrim.
  const angle = Math.round(random() * 40 - 20);

  const fitted = fitText(title, {
    widthPx: TEXT_WIDTH,
    heightPx: TITLE_MAX_HEIGHT,
    maxLines: 5,
    fontSizesPx: [34, 30, 27, 24, 21, 19, 17, 15, 13],
    lineHeight: 1.04,
  });
  const firstBaseline = TITLE_BOTTOM - (fitted.lines.length - 1) * fitted.lineHeightPx;
  const titleLines = fitted.lines
    .map(
      (line, at) =>
        `<tspan x="${MARGIN}" y="${(firstBaseline + at * fitted.lineHeightPx).toFixed(1)}">${escapeXml(line)}</tspan>`,
    )
    .join('');
  const ruleY = firstBaseline - fitted.fontSizePx - 8;

  const genreLine = genreCaption(genres);
  const year = facts.year && facts.year > 0 ? String(facts.year) : '';

  const svg = [
    `<svg ${inline ? 'aria-hidden="true" focusable="false" ' : ''}xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${POSTER_WIDTH} ${POSTER_HEIGHT}" width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}">`,
    inline ? '' : `<title>${escapeXml(year ? `${title} (${year})` : title)}</title>`,
    '<defs>',
    `<linearGradient id="${id}-bg" gradientTransform="rotate(${25 + angle} 0.5 0.5)">`,
    `<stop offset="0" stop-color="${shade(primary, 0.08)}"/><stop offset="1" stop-color="${secondary}"/></linearGradient>`,
    `<radialGradient id="${id}-glow" cx="0.3" cy="0.15" r="0.9"><stop offset="0" stop-color="#fff" stop-opacity="0.28"/>`,
    '<stop offset="0.6" stop-color="#fff" stop-opacity="0"/></radialGradient>',
    `<linearGradient id="${id}-scrim" x1="0" y1="0" x2="0" y2="1"><stop offset="0.42" stop-color="#000" stop-opacity="0"/>`,
    '<stop offset="0.75" stop-color="#000" stop-opacity="0.5"/><stop offset="1" stop-color="#000" stop-opacity="0.8"/></linearGradient>',
    // Last line of defence against an unexpectedly wide font: text is clipped at the frame, never past the edge.
    `<clipPath id="${id}-frame"><rect x="7" y="7" width="${POSTER_WIDTH - 14}" height="${POSTER_HEIGHT - 14}"/></clipPath>`,
    '</defs>',
    `<rect width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" fill="url(#${id}-bg)"/>`,
    drawMotif(genres[0], { primary, secondary, random }, id),
    `<rect width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" fill="url(#${id}-glow)"/>`,
    `<rect width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" fill="url(#${id}-scrim)"/>`,
    `<rect x="6.5" y="6.5" width="${POSTER_WIDTH - 13}" height="${POSTER_HEIGHT - 13}" fill="none" stroke="#fff" stroke-opacity="0.28"/>`,
    year
      ? `<text x="${MARGIN}" y="26" font-family="${SMALL_FONTS}" font-size="10" font-weight="600" letter-spacing="2.4" fill="#fff" fill-opacity="0.9">${year}</text>`
      : '',
    `<g clip-path="url(#${id}-frame)">`,
    `<rect x="${MARGIN}" y="${ruleY.toFixed(1)}" width="22" height="2.5" fill="${shade(primary, 0.35)}"/>`,
    `<text font-family="${TITLE_FONTS}" font-size="${fitted.fontSizePx}" font-weight="800" fill="#fff" letter-spacing="-0.2">${titleLines}</text>`,
    genreLine
      ? `<text x="${MARGIN}" y="${GENRE_BASELINE}" font-family="${SMALL_FONTS}" font-size="${GENRE_FONT_SIZE}" font-weight="600" letter-spacing="${GENRE_LETTER_SPACING}" fill="#fff" fill-opacity="0.78">${escapeXml(genreLine)}</text>`
      : '',
    '</g>',
    '</svg>',
  ].join('');
  return { svg, id };
}

/** The genres a poster names, in order: no empty names, no MovieLens "(no genres listed)". */
function shownGenres(genres: readonly string[]): string[] {
  return genres.filter((genre) => genre && genre !== '(no genres listed)');
}

/** "ACTION · CRIME · DRAMA +3": whole genres while they fit the width, then how many were left out. */
function genreCaption(genres: readonly string[]): string {
  const box = { widthPx: TEXT_WIDTH, fontSizePx: GENRE_FONT_SIZE, letterSpacingPx: GENRE_LETTER_SPACING };
  const width = (text: string) => textWidthPx(text, GENRE_FONT_SIZE, GENRE_LETTER_SPACING);
  const names = genres.slice(0, GENRES_READ).map((genre) => cutText(genre, TEXT_READ_CHARS).toUpperCase());
  // Widths of the first n names joined by " · ", summed once: each candidate line is then measured in O(1).
  const separator = width(' · ');
  const joined = [0];
  for (const [at, name] of names.entries()) joined.push(joined[at] + (at > 0 ? separator : 0) + width(name));
  for (let shown = names.length; shown > 0; shown--) {
    const left = genres.length - shown;
    const more = left > 0 ? ` +${left}` : '';
    if (joined[shown] + width(more) <= TEXT_WIDTH) return names.slice(0, shown).join(' · ') + more;
  }
  return names.length > 0 ? ellipsize(names[0], box) : '';
}

/** Posters drawn lately, by what they show: a film shown again (the hero, its card, the next wall) is drawn once. */
const drawn = new Map<string, { markup: string; ids: RegExp }>();
const DRAWN_KEPT = 200;

/**
 * The generated poster as SVG markup to draw inline, inside an element that names it (role="img" with the film as
 * its label): no <title> (no tooltip, nothing read twice), hidden from assistive technology itself. Its ids (the
 * gradients and the clip path) start with `idPrefix`, which must be unique in the page: the same film may be drawn
 * twice at once, and a second copy's url(#...) would otherwise find the first one's definitions.
 *
 * Inline rather than an <img> of an SVG data URL: such an image loads at once, so Chromium built a document for each
 * poster (parse, style, layout) inside the task that added its card, 5-7 ms a card under tracing.
 */
export function generatedPosterMarkup(facts: PosterFacts, idPrefix: string): string {
  // Everything the poster reads: the title's first characters, the year, the first genres and how many there are.
  const genres = shownGenres(facts.genres);
  const key = [
    cutText(facts.title, TEXT_READ_CHARS + 1),
    facts.year ?? 0,
    genres.length,
    ...genres.slice(0, GENRES_READ).map((genre) => cutText(genre, TEXT_READ_CHARS + 1)),
  ].join('\u0000');
  let known = drawn.get(key);
  if (known !== undefined) {
    // Most recently used last: the first key is the one to forget.
    drawn.delete(key);
  } else {
    const { svg, id } = drawPoster(facts, true);
    known = {
      markup: svg,
      // Where the ids are defined (id="...-") and used (url(#...-)); a title's text holds no '"', so only a "#"
      // followed by the id could be text, which would then read differently, nothing more.
      ids: new RegExp(`(["#])${id}-`, 'g'),
    };
    if (drawn.size >= DRAWN_KEPT) drawn.delete(drawn.keys().next().value!);
  }
  drawn.set(key, known);
  return known.markup.replace(known.ids, `$1${idPrefix}-`);
}

/** Escape text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  // XML 1.0 forbids control characters and U+FFFE/U+FFFF, and a lone surrogate cannot be URI-encoded: drop or
  // replace them rather than produce a poster that fails to load.
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point here
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/[&<>"']/g, (character) => XML_ENTITIES[character])
  );
}
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
