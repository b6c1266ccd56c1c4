/**
 * Fitting a title into a box without measuring fonts: an SVG used as an <img> cannot run script, so lines are
 * laid out ahead of time from Helvetica/Arial Bold advance widths (Adobe's Helvetica-Bold AFM metrics, in
 * thousandths of an em). The poster's font stack prefers narrower faces, so real text is at most this wide.
 */

/** Advance widths of Helvetica Bold, 1/1000 em, for the characters that matter most in titles. */
const BOLD_WIDTHS: Record<string, number> = {
  ' ': 278,
  '!': 333,
  '"': 474,
  "'": 238,
  '(': 333,
  ')': 333,
  ',': 278,
  '-': 333,
  '.': 278,
  ':': 333,
  ';': 333,
  '?': 611,
  '&': 722,
  '/': 278,
  '…': 1000,
  '·': 278,
  '’': 278,
  A: 722,
  B: 722,
  C: 722,
  D: 722,
  E: 667,
  F: 611,
  G: 778,
  H: 722,
  I: 278,
  J: 556,
  K: 722,
  L: 611,
  M: 833,
  N: 722,
  O: 778,
  P: 667,
  Q: 778,
  R: 722,
  S: 667,
  T: 611,
  U: 722,
  V: 667,
  W: 944,
  X: 667,
  Y: 667,
  Z: 611,
  a: 556,
  b: 611,
  c: 556,
  d: 611,
  e: 556,
  f: 333,
  g: 611,
  h: 611,
  i: 278,
  j: 278,
  k: 556,
  l: 278,
  m: 889,
  n: 611,
  o: 611,
  p: 611,
  q: 611,
  r: 389,
  s: 556,
  t: 333,
  u: 611,
  v: 556,
  w: 778,
  x: 556,
  y: 556,
  z: 500,
};
/** Digits are all 556 in Helvetica; unknown Latin letters (accented) fall back to a wide letter, CJK to a full em. */
const DIGIT_WIDTH = 556;
const FALLBACK_WIDTH = 722;
const WIDE_SCRIPT_WIDTH = 1000;
/** No character is estimated narrower than this, which bounds how many characters a line can hold. */
const NARROWEST_WIDTH = Math.min(...Object.values(BOLD_WIDTHS));
const ELLIPSIS = '…';
/** Trailing characters dropped before an ellipsis ("Title, …" reads as "Title…"). */
const TRIMMED_BEFORE_ELLIPSIS = /[\s,:;.\-–]/;

/** Estimated advance of one character (a code point), in 1/1000 em. */
function characterWidth(character: string): number {
  const known = BOLD_WIDTHS[character];
  if (known !== undefined) return known;
  if (character >= '0' && character <= '9') return DIGIT_WIDTH;
  if (character.codePointAt(0)! >= 0x2e80) return WIDE_SCRIPT_WIDTH;
  // Accented letters are as wide as their base letter (NFD splits "é" into "e" + a zero-width mark).
  return BOLD_WIDTHS[character.normalize('NFD')[0]] ?? FALLBACK_WIDTH;
}

/** Estimated width of `text` in px at `fontSizePx`, with `letterSpacingPx` added after each character. */
export function textWidthPx(text: string, fontSizePx: number, letterSpacingPx = 0): number {
  let thousandths = 0;
  let characters = 0;
  for (const character of text) {
    characters++;
    thousandths += characterWidth(character);
  }
  return (thousandths / 1000) * fontSizePx + characters * letterSpacingPx;
}

/** One line's type and room: what `ellipsize` measures against. */
export interface LineBox {
  widthPx: number;
  fontSizePx: number;
  letterSpacingPx?: number;
}

/**
 * The most characters a line of `box` can hold: every character is at least NARROWEST_WIDTH wide. Text past this
 * can never be shown, so it is never measured; that keeps every function here linear in what can be shown.
 */
function characterCapacity(box: LineBox): number {
  const narrowestPx = (NARROWEST_WIDTH / 1000) * box.fontSizePx + (box.letterSpacingPx ?? 0);
  return narrowestPx > 0 ? Math.floor(box.widthPx / narrowestPx) + 1 : Number.MAX_SAFE_INTEGER;
}

/** The first `count` code points of `text`, without splitting a surrogate pair; reads only what it returns. */
function leadingCharacters(text: string, count: number): string[] {
  const characters: string[] = [];
  if (count <= 0) return characters;
  for (const character of text) {
    characters.push(character);
    if (characters.length >= count) break;
  }
  return characters;
}

/** A title laid out in lines at one font size. */
export interface FittedText {
  lines: string[];
  fontSizePx: number;
  /** Distance between baselines. */
  lineHeightPx: number;
}

/** Box and type scale a title must fit into. */
export interface FitBox {
  widthPx: number;
  heightPx: number;
  maxLines: number;
  /** Font sizes to try, largest first; the last one is used, ellipsized, when none fits. */
  fontSizesPx: number[];
  /** Line height as a multiple of the font size. */
  lineHeight: number;
}

/** A word with its width in 1/1000 em (widths scale with the font size, so they are measured once). */
interface Word {
  text: string;
  units: number;
}

/**
 * Wrap `text` greedily at the largest font size whose lines all fit the box; if none fits, use the smallest size,
 * break over-long words and end the last line with an ellipsis. Never returns a line wider than the box.
 * Reads at most as many characters as the box could show (plus one word), so a title of any length costs the same.
 */
export function fitText(text: string, box: FitBox): FittedText {
  const smallestPx = box.fontSizesPx[box.fontSizesPx.length - 1];
  const lineHeightOf = (fontSizePx: number) => fontSizePx * box.lineHeight;
  const linesAt = (fontSizePx: number) =>
    Math.max(1, Math.min(box.maxLines, Math.floor((box.heightPx - fontSizePx) / lineHeightOf(fontSizePx)) + 1));
  const { words, cut } = leadingWords(
    text,
    linesAt(smallestPx) * characterCapacity({ ...box, fontSizePx: smallestPx }),
  );
  // A cut text holds more characters than the box can show at any size: go straight to the ellipsized layout.
  if (!cut) {
    for (const fontSizePx of box.fontSizesPx) {
      const lines = wrapWords(words, fitsLine(box.widthPx, fontSizePx));
      if (lines && lines.length <= linesAt(fontSizePx))
        return { lines, fontSizePx, lineHeightPx: lineHeightOf(fontSizePx) };
    }
  }
  const fits = fitsLine(box.widthPx, smallestPx);
  const maxLines = linesAt(smallestPx);
  const pieces = words.flatMap((word) => (fits(word.units) ? [word] : breakWord(word.text, fits)));
  const lines = wrapWords(pieces, fits) ?? [];
  const result = { fontSizePx: smallestPx, lineHeightPx: lineHeightOf(smallestPx) };
  if (lines.length <= maxLines && !cut) return { lines, ...result };
  const kept = lines.slice(0, maxLines);
  const rest = lines.length > maxLines ? ` ${lines[maxLines]}` : ` ${ELLIPSIS}`;
  kept[kept.length - 1] = ellipsize(`${kept[kept.length - 1]}${rest}`, {
    widthPx: box.widthPx,
    fontSizePx: smallestPx,
  });
  return { lines: kept, ...result };
}

/** Whether a width in 1/1000 em fits a line; computed as textWidthPx does, so both agree to the last bit. */
type FitsUnits = (units: number) => boolean;

function fitsLine(widthPx: number, fontSizePx: number): FitsUnits {
  return (units) => (units / 1000) * fontSizePx <= widthPx;
}

/**
 * Whitespace-separated words of `text` up to about `capacity` characters; `cut` when more text followed. Stops
 * reading once past the capacity, so 100,000 characters of title cost no more than the few hundred shown.
 */
function leadingWords(text: string, capacity: number): { words: Word[]; cut: boolean } {
  const words: Word[] = [];
  let taken = 0;
  let current = '';
  let units = 0;
  const endWord = () => {
    if (current) words.push({ text: current, units });
    current = '';
    units = 0;
  };
  for (const character of text) {
    if (/\s/.test(character)) {
      endWord();
      continue;
    }
    if (taken >= capacity) {
      endWord();
      return { words, cut: true };
    }
    current += character;
    units += characterWidth(character);
    taken++;
  }
  endWord();
  return { words, cut: false };
}

/**
 * Shorten `text` to the longest word-respecting (or, failing that, letter) prefix that fits `box` with "…".
 * Linear: prefix widths are summed once, and no more characters are read than the line can hold.
 */
export function ellipsize(text: string, box: LineBox): string {
  const spacing = box.letterSpacingPx ?? 0;
  const characters = leadingCharacters(text, characterCapacity(box) + 1);
  const fitsPrefix = (units: number, count: number) => (units / 1000) * box.fontSizePx + count * spacing <= box.widthPx;
  // widths[i] = width of the first i characters; keptEnd[i] = i without the trailing characters an ellipsis replaces.
  const widths = [0];
  const keptEnd = [0];
  for (let i = 0; i < characters.length; i++) {
    widths.push(widths[i] + characterWidth(characters[i]));
    keptEnd.push(TRIMMED_BEFORE_ELLIPSIS.test(characters[i]) ? keptEnd[i] : i + 1);
  }
  const whole = characters.length;
  if (characters.join('').length === text.length && fitsPrefix(widths[whole], whole)) return text;
  const ellipsisUnits = characterWidth(ELLIPSIS);
  for (let length = whole - 1; length > 0; length--) {
    const end = keptEnd[length];
    if (end > 0 && fitsPrefix(widths[end] + ellipsisUnits, end + 1))
      return `${characters.slice(0, end).join('')}${ELLIPSIS}`;
  }
  return ELLIPSIS;
}

/** Greedy line filling; null when a single word does not fit on a line. */
function wrapWords(words: readonly Word[], fits: FitsUnits): string[] | null {
  const space = characterWidth(' ');
  const lines: string[] = [];
  let current: string[] = [];
  let units = 0;
  for (const word of words) {
    if (current.length > 0 && fits(units + space + word.units)) {
      current.push(word.text);
      units += space + word.units;
      continue;
    }
    if (!fits(word.units)) return null;
    if (current.length > 0) lines.push(current.join(' '));
    current = [word.text];
    units = word.units;
  }
  if (current.length > 0) lines.push(current.join(' '));
  return lines;
}

/** Split a word too long for any line into hyphenated pieces that each fit; one pass over its characters. */
function breakWord(word: string, fits: FitsUnits): Word[] {
  const hyphen = characterWidth('-');
  const characters = Array.from(word);
  const widths = characters.map(characterWidth);
  let remaining = widths.reduce((sum, width) => sum + width, 0);
  const pieces: Word[] = [];
  let start = 0;
  while (start < characters.length) {
    if (fits(remaining)) {
      pieces.push({ text: characters.slice(start).join(''), units: remaining });
      break;
    }
    // At least one character per piece, then as many as fit with the hyphen.
    let end = start + 1;
    let units = widths[start];
    while (end < characters.length && fits(units + widths[end] + hyphen)) units += widths[end++];
    pieces.push({ text: `${characters.slice(start, end).join('')}-`, units: units + hyphen });
    remaining -= units;
    start = end;
  }
  return pieces;
}
