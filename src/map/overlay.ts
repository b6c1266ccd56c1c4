/**
 * What is drawn over the points with the 2D API: rings and labels for the chosen film and its neighbours,
 * a ring for the hovered film and a crosshair while the canvas has keyboard focus.
 */
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
  // Neighbours first, the chosen film last so its ring and label sit on top.
  const ordered = [...highlights].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'chosen' ? 1 : -1));
  for (const highlight of ordered) {
    const [x, y] = toScreen(view, size, coords[2 * highlight.itemIndex], coords[2 * highlight.itemIndex + 1]);
    if (x < -40 || y < -40 || x > size.width + 40 || y > size.height + 40) continue;
    const chosen = highlight.kind === 'chosen';
    ring(ctx, x, y, chosen ? 9 : 6, chosen ? 3 : 2, colors.accent, colors.halo);
    ctx.font = `${chosen ? 700 : 600} ${chosen ? 13 : 11}px Inter, "Segoe UI", Roboto, system-ui, sans-serif`;
    const text = highlight.label.length > 28 ? `${highlight.label.slice(0, 27)}…` : highlight.label;
    const width = ctx.measureText(text).width;
    // Labels go right of the ring, or left when they would leave the canvas.
    const left = x + 12 + width > size.width - 4 ? x - 12 - width : x + 12;
    ctx.lineWidth = 4;
    ctx.strokeStyle = colors.halo;
    ctx.strokeText(text, left, y);
    ctx.fillStyle = chosen ? colors.accent : colors.text;
    ctx.fillText(text, left, y);
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
