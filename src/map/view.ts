/**
 * The map's camera: which map point sits at the canvas centre and how many CSS pixels one map unit spans.
 * Map y grows upwards, screen y downwards. Pure functions, so zoom and pan are tested without a canvas.
 */

/** Centre of the view in map units and the zoom in CSS pixels per map unit. */
export interface MapView {
  centerX: number;
  centerY: number;
  scale: number;
}

/** Canvas size in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}

/** Zoom limits relative to the view that fits every point. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 400;

/** The view that shows every point with a margin of `marginPx` CSS pixels. */
export function fitView(bounds: Bounds, size: Size, marginPx = 16): MapView {
  const width = Math.max(bounds.maxX - bounds.minX, 1e-9);
  const height = Math.max(bounds.maxY - bounds.minY, 1e-9);
  const scale = Math.min(
    Math.max(1, size.width - 2 * marginPx) / width,
    Math.max(1, size.height - 2 * marginPx) / height,
  );
  return { centerX: (bounds.minX + bounds.maxX) / 2, centerY: (bounds.minY + bounds.maxY) / 2, scale };
}

/** Bounding box of interleaved x, y coordinates. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * The box the fitted view shows: each axis from its `trim` to its 1 - `trim` quantile, widened by 8% on each side.
 * A few far outliers (films with one rating) would otherwise shrink the catalogue to a dot; zooming out shows them.
 * A unit box when there are no points.
 */
export function boundsOf(coords: Float32Array, trim = 0.002): Bounds {
  const count = coords.length >> 1;
  if (count === 0) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    xs[i] = coords[2 * i];
    ys[i] = coords[2 * i + 1];
  }
  xs.sort();
  ys.sort();
  const low = Math.floor(trim * (count - 1));
  const high = Math.ceil((1 - trim) * (count - 1));
  const padX = (xs[high] - xs[low]) * 0.08;
  const padY = (ys[high] - ys[low]) * 0.08;
  return { minX: xs[low] - padX, minY: ys[low] - padY, maxX: xs[high] + padX, maxY: ys[high] + padY };
}

/** Screen position (CSS pixels from the canvas's top left) of a map point. */
export function toScreen(view: MapView, size: Size, x: number, y: number): [number, number] {
  return [(x - view.centerX) * view.scale + size.width / 2, size.height / 2 - (y - view.centerY) * view.scale];
}

/** Map point under a screen position. */
export function toMap(view: MapView, size: Size, sx: number, sy: number): [number, number] {
  return [view.centerX + (sx - size.width / 2) / view.scale, view.centerY - (sy - size.height / 2) / view.scale];
}

/**
 * Zooms by `factor` keeping the map point under (sx, sy) where it is (the wheel and pinch zoom about the
 * pointer; the buttons and keys about the centre). The scale stays within MIN_ZOOM..MAX_ZOOM of `fitScale`.
 */
export function zoomAt(view: MapView, size: Size, factor: number, sx: number, sy: number, fitScale: number): MapView {
  const scale = Math.min(fitScale * MAX_ZOOM, Math.max(fitScale * MIN_ZOOM, view.scale * factor));
  const [x, y] = toMap(view, size, sx, sy);
  return {
    scale,
    centerX: x - (sx - size.width / 2) / scale,
    centerY: y + (sy - size.height / 2) / scale,
  };
}

/** Moves the view so the map follows a drag of (dx, dy) CSS pixels. */
export function panBy(view: MapView, dx: number, dy: number): MapView {
  return { ...view, centerX: view.centerX - dx / view.scale, centerY: view.centerY + dy / view.scale };
}

/** The `n` points with the highest `weights` inside the view, highest first (one pass, a small sorted buffer). */
export function topInView(coords: Float32Array, weights: Int32Array, view: MapView, size: Size, n: number): number[] {
  const [minX, maxY] = toMap(view, size, 0, 0);
  const [maxX, minY] = toMap(view, size, size.width, size.height);
  const top: number[] = [];
  for (let i = 0; i < coords.length >> 1; i++) {
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (top.length === n && weights[i] <= weights[top[n - 1]]) continue;
    let at = Math.min(top.length, n - 1);
    top[at] = i;
    while (at > 0 && weights[top[at - 1]] < weights[i]) {
      top[at] = top[at - 1];
      top[--at] = i;
    }
  }
  return top;
}
