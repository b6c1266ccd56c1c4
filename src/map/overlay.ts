/**
 * What is drawn over the points with the 2D API: rings and labels for the chosen film and its neighbours,
 * a ring for the hovered film and a crosshair while the canvas has keyboard focus.
 */
import { cutText } from '../data/cut-text.ts';
import { toScreen, type MapView, type Size } from './view.ts';

/** A film to ring on the map. */
export interface Highlight {
  itemIndex: number;
  label: string;
  kind: 'chosen' | 'neighbour';
}

/** Colours of the overlay, from the theme (src/app.css). */
export interface OverlayColors {
  accent: string;
  text: string;
  halo: string;
}

/** Draws rings and labels; `ctx` is already scaled to CSS pixels. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  coords: Float32Array,
  view: MapView,
  size: Size,
  highlights: readonly Highlight[],
  hovered: number,
  crosshair: boolean,
  colors: OverlayColors,
): void {
  ctx.lineJoin = 'round';
  ctx.font = '600 12px Inter, "Segoe UI", Roboto, system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  // Rings: neighbours first, the chosen film last so its ring sits on top.
  const placed = highlights.map((highlight) => ({
    highlight,
    at: toScreen(view, size, coords[2 * highlight.itemIndex], coords[2 * highlight.itemIndex + 1]),
  }));
  const visible = placed.filter(({ at: [x, y] }) => x > -40 && y > -40 && x < size.width + 40 && y < size.height + 40);
  const chosenLast = [...visible].sort((a, b) => rank(a.highlight) - rank(b.highlight));
  for (const { highlight, at } of chosenLast) {
    const chosen = highlight.kind === 'chosen';
    ring(ctx, at[0], at[1], chosen ? 9 : 6, chosen ? 3 : 2, colors.accent, colors.halo);
  }
  // Labels: the chosen film's first, then each neighbour's unless it would overlap a label already placed.
  const taken: [number, number, number, number][] = [];
  for (const { highlight, at } of [...chosenLast].reverse()) {
    const chosen = highlight.kind === 'chosen';
    ctx.font = `${chosen ? 700 : 600} ${chosen ? 13 : 11}px Inter, "Segoe UI", Roboto, system-ui, sans-serif`;
    const text = cutText(highlight.label, 28);
    const width = ctx.measureText(text).width;
    // Right of the ring, or left when it would leave the canvas.
    const left = at[0] + 12 + width > size.width - 4 ? at[0] - 12 - width : at[0] + 12;
    const box: [number, number, number, number] = [left - 2, at[1] - 8, left + width + 2, at[1] + 8];
    if (taken.some((other) => box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]))
      continue;
    taken.push(box);
    ctx.lineWidth = 4;
    ctx.strokeStyle = colors.halo;
    ctx.strokeText(text, left, at[1]);
    ctx.fillStyle = chosen ? colors.accent : colors.text;
    ctx.fillText(text, left, at[1]);
  }
  if (hovered >= 0) {
    const [x, y] = toScreen(view, size, coords[2 * hovered], coords[2 * hovered + 1]);
    ring(ctx, x, y, 7, 2, colors.text, colors.halo);
  }
  if (crosshair) {
    const cx = size.width / 2;
    const cy = size.height / 2;
    ctx.strokeStyle = colors.accent;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      ctx.moveTo(cx + dx * 14, cy + dy * 14);
      ctx.lineTo(cx + dx * 24, cy + dy * 24);
    }
    ctx.stroke();
  }
}

function rank(highlight: Highlight): number {
  return highlight.kind === 'chosen' ? 1 : 0;
}

function ring(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  radius: number,
  width: number,
  color: string,
  halo: string,
) {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.lineWidth = width + 3;
  ctx.strokeStyle = halo;
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.stroke();
}
