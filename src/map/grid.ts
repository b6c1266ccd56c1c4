/**
 * A uniform grid over the map's points, so a hover finds the point under the pointer by looking at a few cells
 * instead of scanning 60,000 points on every mousemove. Built once per projection by counting sort on cell ids.
 */

/** Points bucketed by cell: cell c holds items[cellStart[c] .. cellStart[c + 1]). */
export class PointGrid {
  readonly #coords: Float32Array;
  readonly #minX: number;
  readonly #minY: number;
  readonly #cellSize: number;
  readonly #cols: number;
  readonly #rows: number;
  readonly #cellStart: Int32Array;
  readonly #items: Int32Array;

  /** @param coords interleaved x, y per point; about `perCell` points land in a cell on average. */
  constructor(coords: Float32Array, perCell = 4) {
    this.#coords = coords;
    const count = coords.length >> 1;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      const x = coords[2 * i];
      const y = coords[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (count === 0) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
    const width = Math.max(maxX - minX, 1e-9);
    const height = Math.max(maxY - minY, 1e-9);
    const cells = Math.max(1, Math.ceil(count / perCell));
    this.#cellSize = Math.max(Math.sqrt((width * height) / cells), Math.max(width, height) / 4096);
    this.#cols = Math.floor(width / this.#cellSize) + 1;
    this.#rows = Math.floor(height / this.#cellSize) + 1;
    this.#minX = minX;
    this.#minY = minY;

    const cellOf = new Int32Array(count);
    const cellStart = new Int32Array(this.#cols * this.#rows + 1);
    for (let i = 0; i < count; i++) {
      const cell = this.#cellAt(coords[2 * i], coords[2 * i + 1]);
      cellOf[i] = cell;
      cellStart[cell + 1]++;
    }
    for (let c = 0; c < this.#cols * this.#rows; c++) cellStart[c + 1] += cellStart[c];
    const fill = cellStart.slice(0, -1);
    const items = new Int32Array(count);
    for (let i = 0; i < count; i++) items[fill[cellOf[i]]++] = i;
    this.#cellStart = cellStart;
    this.#items = items;
  }

  /** The point nearest (x, y) within `radius` (same units as the coordinates), or -1. Ties go to the lower index. */
  nearest(x: number, y: number, radius: number): number {
    const first = this.#column(x - radius);
    const last = this.#column(x + radius);
    const top = this.#row(y - radius);
    const bottom = this.#row(y + radius);
    let best = -1;
    let bestDistance = radius * radius;
    for (let row = top; row <= bottom; row++) {
      for (let col = first; col <= last; col++) {
        const cell = row * this.#cols + col;
        for (let at = this.#cellStart[cell]; at < this.#cellStart[cell + 1]; at++) {
          const i = this.#items[at];
          const dx = this.#coords[2 * i] - x;
          const dy = this.#coords[2 * i + 1] - y;
          const distance = dx * dx + dy * dy;
          if (distance < bestDistance || (distance === bestDistance && (best === -1 || i < best))) {
            best = i;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }

  #column(x: number): number {
    return Math.min(this.#cols - 1, Math.max(0, Math.floor((x - this.#minX) / this.#cellSize)));
  }
  #row(y: number): number {
    return Math.min(this.#rows - 1, Math.max(0, Math.floor((y - this.#minY) / this.#cellSize)));
  }
  #cellAt(x: number, y: number): number {
    return this.#row(y) * this.#cols + this.#column(x);
  }
}
