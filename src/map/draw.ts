/**
 * Rasterises the map's points straight into an ImageData's pixels: one pass over the points, each a small
 * square (corners dropped when 3 px or more, so it reads as a dot) in its genre's colour. Writing 32-bit pixels
 * is far cheaper than 60,000 canvas paths; highlights (rings, labels) are drawn over it with the 2D API.
 */
import type { MapView, Size } from './view.ts';

/** Packs #rrggbb as an opaque ImageData pixel for a Uint32Array view (little-endian: ABGR in the integer). */
export function packColor(hex: string): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** What one draw needs: points, their draw order and colours, the view and the pixel buffer. */
export interface PointLayer {
  /** Interleaved x, y per point, map units. */
  coords: Float32Array;
  /** Point indices in drawing order (later ones on top). */
  order: Int32Array;
  /** Packed colour of each point (packColor). */
  colors: Uint32Array;
}

/**
 * Draws every point into `pixels` (width x height device pixels, row-major), first filling it with `background`.
 * `pixelRatio` converts the view's CSS pixels to device pixels; `dotPx` is the dot's side in device pixels.
 * Returns how many points landed inside the buffer.
 */
export function drawPoints(
  pixels: Uint32Array,
  width: number,
  height: number,
  layer: PointLayer,
  view: MapView,
  size: Size,
  pixelRatio: number,
  dotPx: number,
  background: number,
): number {
  pixels.fill(background);
  const scale = view.scale * pixelRatio;
  const offsetX = (size.width / 2) * pixelRatio - view.centerX * scale;
  const offsetY = (size.height / 2) * pixelRatio + view.centerY * scale;
  const half = dotPx / 2;
  const round = dotPx >= 3;
  const { coords, order, colors } = layer;
  let drawn = 0;
  for (let n = 0; n < order.length; n++) {
    const i = order[n];
    const left = Math.round(coords[2 * i] * scale + offsetX - half);
    const top = Math.round(offsetY - coords[2 * i + 1] * scale - half);
    if (left >= width || top >= height || left + dotPx <= 0 || top + dotPx <= 0) continue;
    drawn++;
    const color = colors[i];
    const x0 = Math.max(0, left);
    const x1 = Math.min(width, left + dotPx);
    const y0 = Math.max(0, top);
    const y1 = Math.min(height, top + dotPx);
    for (let y = y0; y < y1; y++) {
      const edgeRow = round && (y === top || y === top + dotPx - 1);
      const rowStart = y * width;
      for (let x = x0; x < x1; x++) {
        if (edgeRow && (x === left || x === left + dotPx - 1)) continue;
        pixels[rowStart + x] = color;
      }
    }
  }
  return drawn;
}

/** Point indices from least to most rated, so popular films are drawn on top of the long tail. */
export function orderByCount(counts: Int32Array): Int32Array {
  const order = Int32Array.from({ length: counts.length }, (_, i) => i);
  return order.sort((a, b) => counts[a] - counts[b] || a - b);
}
