/**
 * One colour per MovieLens genre (the 19 genres of the ml-latest README, plus "(no genres listed)"), shared by the
 * generated posters and the UI's genre chips. Hues are spread around the wheel so that neighbouring genres in
 * a gradient stay distinguishable; dark genres (noir, horror, war) keep white text readable.
 */

/** Colour of each MovieLens genre, as #rrggbb. */
export const GENRE_COLORS: Readonly<Record<string, string>> = {
  Action: '#e03131',
  Adventure: '#e8590c',
  Animation: '#2fb344',
  Children: '#ff8fa3',
  Comedy: '#f7b500',
  Crime: '#2f44a8',
  Documentary: '#6f8f3a',
  Drama: '#862e9c',
  Fantasy: '#7048e8',
  'Film-Noir': '#2b2d31',
  Horror: '#7a1024',
  IMAX: '#339af0',
  Musical: '#d6336c',
  Mystery: '#0b7285',
  Romance: '#f06595',
  'Sci-Fi': '#15aabf',
  Thriller: '#1b4f8a',
  War: '#56603a',
  Western: '#a0522d',
  '(no genres listed)': '#5c677d',
};

/** Colour for a genre chip or poster; unknown genres get a stable colour from a hash of their name. */
export function genreColor(genre: string): string {
  // Own keys only: a genre named "constructor" must not find Object.prototype's.
  if (Object.hasOwn(GENRE_COLORS, genre)) return GENRE_COLORS[genre];
  const hue = hashString(genre.toLowerCase()) % 360;
  return hslToHex(hue, 0.55, 0.45);
}

/** FNV-1a 32-bit hash (Fowler, Noll, Vo): stable across runs and platforms, unlike Math.random. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mix a #rrggbb colour towards black (amount < 0) or white (amount > 0), amount in [-1, 1]. */
export function shade(hex: string, amount: number): string {
  const target = amount < 0 ? 0 : 255;
  const weight = Math.min(1, Math.abs(amount));
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `#${channels
    .map((value) =>
      Math.round(value + (target - value) * weight)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Relative luminance of a #rrggbb colour (WCAG 2.1 definition), 0 for black to 1 for white. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** HSL (hue in degrees, saturation and lightness in [0, 1]) to #rrggbb. */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - (chroma / 2) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
