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

/** Estimated width of `text` in px at `fontSizePx`, with `letterSpacingPx` added after each character. */
export function textWidthPx(text: string, fontSizePx: number, letterSpacingPx = 0): number {
  let thousandths = 0;
  let characters = 0;
  for (const character of text) {
    characters++;
    const known = BOLD_WIDTHS[character];
    if (known !== undefined) thousandths += known;
    else if (character >= '0' && character <= '9') thousandths += DIGIT_WIDTH;
    else if (character.codePointAt(0)! >= 0x2e80) thousandths += WIDE_SCRIPT_WIDTH;
    else {
      // Accented letters are as wide as their base letter (NFD splits "é" into "e" + a zero-width mark).
      const base = character.normalize('NFD')[0];
      thousandths += BOLD_WIDTHS[base] ?? FALLBACK_WIDTH;
    }
  }
  return (thousandths / 1000) * fontSizePx + characters * letterSpacingPx;
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

/**
 * Wrap `text` greedily at the largest font size whose lines all fit the box; if none fits, use the smallest size,
 * break over-long words and end the last line with an ellipsis. Never returns a line wider than the box.
 */
export function fitText(text: string, box: FitBox): FittedText {
  const words = text.split(/\s+/).filter(Boolean);
  for (const fontSizePx of box.fontSizesPx) {
    const lineHeightPx = fontSizePx * box.lineHeight;
    const maxLines = Math.min(box.maxLines, Math.floor((box.heightPx - fontSizePx) / lineHeightPx) + 1);
    const lines = wrapWords(words, (line) => textWidthPx(line, fontSizePx) <= box.widthPx);
    if (lines && lines.length <= maxLines) return { lines, fontSizePx, lineHeightPx };
  }
  const fontSizePx = box.fontSizesPx[box.fontSizesPx.length - 1];
  const lineHeightPx = fontSizePx * box.lineHeight;
  const maxLines = Math.max(1, Math.min(box.maxLines, Math.floor((box.heightPx - fontSizePx) / lineHeightPx) + 1));
  const fits = (line: string) => textWidthPx(line, fontSizePx) <= box.widthPx;
  const pieces = words.flatMap((word) => (fits(word) ? [word] : breakWord(word, fits)));
  const lines = wrapWords(pieces, fits) ?? [];
  if (lines.length <= maxLines) return { lines, fontSizePx, lineHeightPx };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]} ${lines[maxLines]}`, fits);
  return { lines: kept, fontSizePx, lineHeightPx };
}

/** Shorten `text` to the longest word-respecting (or, failing that, letter) prefix that fits with "…". */
export function ellipsize(text: string, fits: (line: string) => boolean): string {
  if (fits(text)) return text;
  const characters = Array.from(text);
  for (let length = characters.length - 1; length > 0; length--) {
    const candidate = `${characters
      .slice(0, length)
      .join('')
      .replace(/[\s,:;.\-–]+$/, '')}…`;
    if (fits(candidate)) return candidate;
  }
  return '…';
}

/** Greedy line filling; null when a single word does not fit on a line. */
function wrapWords(words: string[], fits: (line: string) => boolean): string[] | null {
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) current = candidate;
    else {
      if (!fits(word)) return null;
      if (current) lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Split a word too long for any line into hyphenated pieces that each fit. */
function breakWord(word: string, fits: (line: string) => boolean): string[] {
  const pieces: string[] = [];
  let rest = Array.from(word);
  while (rest.length > 0) {
    let take = rest.length;
    while (take > 1 && !fits(`${rest.slice(0, take).join('')}${take < rest.length ? '-' : ''}`)) take--;
    pieces.push(`${rest.slice(0, take).join('')}${take < rest.length ? '-' : ''}`);
    rest = rest.slice(take);
  }
  return pieces;
}
