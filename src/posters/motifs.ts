/**
 * Decorative motifs drawn behind a generated poster's title: one family per genre, placed by a seeded random
 * generator so two films of the same genre share a look but not a layout. Each returns SVG elements for a
 * 185 x 278 canvas; they stay in the upper two thirds, where the title's dark scrim does not reach.
 * Many shapes of one paint are drawn as one <path> (a dot screen is one element, not 150 circles): every element
 * of a poster is styled, laid out and painted on the page's main thread each time a poster is shown.
 */
import { shade } from './palette.ts';

/** The poster canvas, in SVG user units (TMDB's w185 poster size at 2:3). */
export const POSTER_WIDTH = 185;
export const POSTER_HEIGHT = 278;

/** Everything a motif may use: two colours and a seeded random source in [0, 1). */
export interface MotifInput {
  primary: string;
  secondary: string;
  random: () => number;
}

/** A motif draws SVG elements; `id` prefixes any definitions it needs so several posters can share a page. */
type Motif = (input: MotifInput, id: string) => string;

/** `value` rounded to hundredths, as short SVG number text (cheaper than toFixed, which shows in a wall's render). */
function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A circle as a closed path, to join many same-coloured circles into one <path>. */
function circlePath(cx: number, cy: number, radius: number): string {
  const r = num(radius);
  const d = num(2 * radius);
  return `M${num(cx - radius)} ${num(cy)}a${r} ${r} 0 1 0 ${d} 0a${r} ${r} 0 1 0 -${d} 0z`;
}

/** Concentric rings around a soft sun: quiet, for drama and documentary. */
const rings: Motif = ({ secondary, random }) => {
  const cx = 40 + random() * 105;
  const cy = 60 + random() * 60;
  const circles = [
    `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="34" fill="${shade(secondary, 0.35)}" opacity="0.55"/>`,
  ];
  for (let radius = 48; radius < 240; radius += 16) {
    const opacity = (0.22 - radius / 1400).toFixed(3);
    circles.push(
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${radius}" fill="none" stroke="#fff" stroke-width="1.2" opacity="${opacity}"/>`,
    );
  }
  return circles.join('');
};

/** Venetian-blind light falling across the frame: the film-noir look, for crime and suspense. */
const blinds: Motif = ({ random }, id) => {
  const angle = -24 - random() * 14;
  const offset = random() * 20;
  const bands: string[] = [];
  for (let y = -120 + offset; y < 260; y += 19) bands.push(`M-80 ${y.toFixed(1)}h360v8h-360z`);
  return (
    `<defs><linearGradient id="${id}-fade" x1="0" y1="0" x2="0" y2="1">` +
    `<stop offset="0" stop-color="#fff" stop-opacity="0.2"/><stop offset="0.7" stop-color="#fff" stop-opacity="0"/>` +
    `</linearGradient><mask id="${id}-mask"><rect width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" fill="url(#${id}-fade)"/></mask></defs>` +
    `<g mask="url(#${id}-mask)"><path transform="rotate(${angle.toFixed(1)} 92 100)" fill="#fff" d="${bands.join('')}"/></g>`
  );
};

/** A starfield and a ringed planet, for science fiction and IMAX spectacle. */
const planet: Motif = ({ secondary, random }) => {
  // Stars in four brightness steps, one path each.
  const stars: string[][] = [[], [], [], []];
  for (let star = 0; star < 46; star++) {
    const x = random() * POSTER_WIDTH;
    const y = random() * 190;
    const radius = 0.4 + random() * random() * 1.6;
    stars[Math.min(3, Math.floor(random() * 4))].push(circlePath(x, y, radius));
  }
  const cx = 50 + random() * 85;
  const cy = 70 + random() * 40;
  const radius = 26 + random() * 16;
  const tilt = -25 + random() * 50;
  return (
    stars
      .map((paths, step) => `<path fill="#fff" opacity="${(0.42 + step * 0.15).toFixed(2)}" d="${paths.join('')}"/>`)
      .join('') +
    `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${radius.toFixed(1)}" fill="${shade(secondary, 0.2)}"/>` +
    `<circle cx="${(cx - radius * 0.35).toFixed(1)}" cy="${(cy - radius * 0.35).toFixed(1)}" r="${(radius * 0.8).toFixed(1)}" fill="#fff" opacity="0.14"/>` +
    `<ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${(radius * 1.9).toFixed(1)}" ry="${(radius * 0.42).toFixed(1)}" fill="none" stroke="#fff" stroke-width="2.2" opacity="0.55" transform="rotate(${tilt.toFixed(1)} ${cx.toFixed(1)} ${cy.toFixed(1)})"/>`
  );
};

/** A striped sun setting behind two mountain ridges, for westerns, adventure and war. */
const horizon: Motif = ({ primary, secondary, random }, id) => {
  const cx = 55 + random() * 75;
  const sunY = 112;
  const sunRadius = 46;
  // Retro "cut" sun: bands in the background colour, thickening towards the horizon, clipped to the disc.
  const bands: string[] = [];
  for (let y = sunY - 6; y < sunY + sunRadius; y += 7) {
    bands.push(`M0 ${y}h${POSTER_WIDTH}v${(1.5 + (y - sunY + 6) / 9).toFixed(1)}h-${POSTER_WIDTH}z`);
  }
  const ridge = (baseY: number, height: number) => {
    const points = [`0,${POSTER_HEIGHT}`];
    for (let x = 0; x <= POSTER_WIDTH; x += 23) points.push(`${x},${(baseY - random() * height).toFixed(1)}`);
    points.push(`${POSTER_WIDTH},${POSTER_HEIGHT}`);
    return points.join(' ');
  };
  return (
    `<defs><clipPath id="${id}-sun"><circle cx="${cx.toFixed(1)}" cy="${sunY}" r="${sunRadius}"/></clipPath></defs>` +
    `<circle cx="${cx.toFixed(1)}" cy="${sunY}" r="${sunRadius}" fill="${shade(secondary, 0.45)}" opacity="0.9"/>` +
    `<path clip-path="url(#${id}-sun)" fill="${shade(primary, 0.1)}" d="${bands.join('')}"/>` +
    `<polygon points="${ridge(150, 38)}" fill="${shade(primary, -0.35)}" opacity="0.85"/>` +
    `<polygon points="${ridge(178, 30)}" fill="${shade(primary, -0.6)}"/>`
  );
};

/** The halftone screen's grid: every dot's centre, offset every other row, with its move-to command. */
const HALFTONE_GRID: { x: number; y: number; move: string }[] = [];
for (let y = 6; y < 200; y += 12)
  for (let x = (y / 12) % 2 === 0 ? 6 : 12; x < POSTER_WIDTH; x += 12) HALFTONE_GRID.push({ x, y, move: `M${x} ${y}` });

/** A dot of `tenths` / 10 units' radius drawn from its centre, made once per size (there are a few dozen). */
const dotArcs: string[] = [];
function dotArc(tenths: number): string {
  if (dotArcs[tenths] === undefined) {
    const [r, d] = [String(tenths / 10), String(tenths / 5)];
    dotArcs[tenths] = `m-${r} 0a${r} ${r} 0 1 0 ${d} 0a${r} ${r} 0 1 0 -${d} 0z`;
  }
  return dotArcs[tenths];
}

/**
 * A halftone dot screen fading across the frame, for comedy, children's films, animation and musicals. Its path
 * is joined from strings made once (radii in tenths): built number by number, a wall of comedies spent 9 ms of
 * its first task here.
 */
const halftone: Motif = ({ secondary, random }) => {
  let d = '';
  const originX = random() * POSTER_WIDTH;
  const originY = random() * 80;
  const fill = shade(secondary, 0.55);
  for (const { x, y, move } of HALFTONE_GRID) {
    const radius = 4.6 - Math.hypot(x - originX, y - originY) / 45;
    if (radius > 0.4) d += move + dotArc(Math.round(radius * 10));
  }
  return `<path fill="${fill}" opacity="0.5" d="${d}"/>`;
};

/** Floating soft circles of light (bokeh), for romance. */
const bokeh: Motif = ({ secondary, random }) => {
  const circles: string[] = [];
  for (let circle = 0; circle < 14; circle++) {
    const radius = 6 + random() * 26;
    circles.push(
      `<circle cx="${(random() * POSTER_WIDTH).toFixed(1)}" cy="${(random() * 190).toFixed(1)}" r="${radius.toFixed(1)}" ` +
        `fill="${shade(secondary, 0.6)}" opacity="${(0.1 + random() * 0.22).toFixed(2)}"/>`,
    );
  }
  return circles.join('');
};

/** Hard diagonal shards and speed lines, for action and horror. */
const shards: Motif = ({ secondary, random }) => {
  const lines: string[] = [];
  for (let line = 0; line < 9; line++) {
    const x = -40 + random() * 240;
    const width = 1 + random() * 3;
    lines.push(
      `<line x1="${x.toFixed(1)}" y1="-10" x2="${(x - 110).toFixed(1)}" y2="230" stroke="#fff" stroke-width="${width.toFixed(1)}" opacity="${(0.08 + random() * 0.16).toFixed(2)}"/>`,
    );
  }
  const tipX = 60 + random() * 100;
  return (
    `<polygon points="${tipX.toFixed(1)},0 ${POSTER_WIDTH},0 ${POSTER_WIDTH},${(150 + random() * 40).toFixed(1)}" fill="${shade(secondary, 0.15)}" opacity="0.55"/>` +
    `<polygon points="0,${(40 + random() * 40).toFixed(1)} ${(tipX - 20).toFixed(1)},${(150 + random() * 30).toFixed(1)} 0,210" fill="#000" opacity="0.22"/>` +
    lines.join('')
  );
};

/** Which motif each MovieLens genre gets; unknown or missing genres get the rings. */
const MOTIF_BY_GENRE: Record<string, Motif> = {
  Action: shards,
  Horror: shards,
  Crime: blinds,
  'Film-Noir': blinds,
  Thriller: blinds,
  Mystery: blinds,
  'Sci-Fi': planet,
  IMAX: planet,
  Fantasy: planet,
  Western: horizon,
  Adventure: horizon,
  War: horizon,
  Comedy: halftone,
  Children: halftone,
  Animation: halftone,
  Musical: halftone,
  Romance: bokeh,
  Drama: rings,
  Documentary: rings,
};

/** SVG elements of the motif for a film whose first genre is `genre`. */
export function drawMotif(genre: string | undefined, input: MotifInput, id: string): string {
  const motif = genre !== undefined && Object.hasOwn(MOTIF_BY_GENRE, genre) ? MOTIF_BY_GENRE[genre] : rings;
  return motif(input, id);
}
