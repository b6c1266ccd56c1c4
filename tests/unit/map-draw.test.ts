/**
 * The map's view maths, rasteriser, main genres and "most rated in view" (src/map/view.ts, draw.ts, genres.ts):
 * zoom keeps the point under the pointer still, points land in the right pixels in their colours, and the
 * rarest genre colours a film. Prints the draw time of 60,000 points in Node (reported, not asserted).
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/data/random.ts';
import { drawPoints, orderByCount, packColor } from '../../src/map/draw.ts';
import { mainGenres, mapColor } from '../../src/map/genres.ts';
import { luminance } from '../../src/posters/palette.ts';
import { boundsOf, fitView, panBy, toMap, toScreen, topInView, zoomAt } from '../../src/map/view.ts';

const size = { width: 400, height: 300 };

describe('view', () => {
  it('fits the bounds inside the canvas with a margin', () => {
    const view = fitView({ minX: -2, minY: -1, maxX: 2, maxY: 1 }, size, 10);
    expect(view.scale).toBeCloseTo(95, 10); // min(380 / 4, 280 / 2)
    expect(toScreen(view, size, -2, 0)).toEqual([10, 150]);
    expect(toScreen(view, size, 0, 1)[1]).toBeCloseTo(55, 10); // y up on the map is up on screen
  });

  it('fits the bulk of the points, not a lone outlier', () => {
    const coords = new Float32Array(2002);
    for (let i = 0; i < 1000; i++) [coords[2 * i], coords[2 * i + 1]] = [i / 999, -i / 999];
    [coords[2000], coords[2001]] = [1000, 1000];
    const bounds = boundsOf(coords);
    expect(bounds.maxX).toBeLessThan(2);
    expect(bounds.minX).toBeLessThan(0);
    expect(bounds.minY).toBeLessThan(-1);
    expect(boundsOf(new Float32Array(0))).toEqual({ minX: -1, minY: -1, maxX: 1, maxY: 1 });
  });

  it('zooms about the pointer: the map point under it stays put', () => {
    const view = { centerX: 0.3, centerY: -0.2, scale: 50 };
    const before = toMap(view, size, 120, 80);
    const zoomed = zoomAt(view, size, 2.5, 120, 80, 50);
    expect(zoomed.scale).toBe(125);
    const after = toMap(zoomed, size, 120, 80);
    expect(after[0]).toBeCloseTo(before[0], 12);
    expect(after[1]).toBeCloseTo(before[1], 12);
    expect(zoomAt(view, size, 1e9, 0, 0, 50).scale).toBe(50 * 400);
    expect(zoomAt(view, size, 1e-9, 0, 0, 50).scale).toBe(25);
  });

  it('pans so the map follows the drag', () => {
    const view = { centerX: 0, centerY: 0, scale: 100 };
    const moved = panBy(view, 50, -20);
    expect(toScreen(moved, size, 0, 0)).toEqual([250, 130]);
  });

  it('lists the most rated points inside the view, most rated first', () => {
    const coords = new Float32Array([0, 0, 0.5, 0.5, 10, 10, -0.2, 0.1, 0.1, -0.1]);
    const weights = new Int32Array([5, 50, 500, 7, 1]);
    const view = { centerX: 0, centerY: 0, scale: 100 };
    expect(topInView(coords, weights, view, size, 3)).toEqual([1, 3, 0]);
  });
});

describe('drawPoints', () => {
  it('puts each point in its colour at its pixel, later points on top, off-canvas ones skipped', () => {
    const width = 20;
    const height = 10;
    const pixels = new Uint32Array(width * height);
    const red = packColor('#ff0000');
    const blue = packColor('#0000ff');
    const layer = {
      coords: new Float32Array([0, 0, 0, 0, 5, 2, 100, 100]),
      order: new Int32Array([0, 1, 2, 3]),
      colors: new Uint32Array([red, blue, red, blue]),
    };
    const view = { centerX: 0, centerY: 0, scale: 1 };
    const drawn = drawPoints(pixels, width, height, layer, view, { width, height }, 1, 2, 7);
    expect(drawn).toBe(3);
    expect(pixels[5 * width + 10]).toBe(blue); // point 1 drawn over point 0 at the centre
    expect(pixels[(5 - 2) * width + 15]).toBe(red); // (5, 2): right and up
    expect(pixels[0]).toBe(7);
    expect(pixels.filter((p) => p === blue).length).toBe(4); // a 2 x 2 dot
    expect(new Uint8Array(new Uint32Array([red]).buffer)).toEqual(new Uint8Array([255, 0, 0, 255]));
  });

  it('draws 60,000 points (time printed, not asserted)', () => {
    const random = mulberry32(2);
    const count = 60_000;
    const coords = Float32Array.from({ length: count * 2 }, () => random() * 2 - 1);
    const layer = {
      coords,
      order: orderByCount(Int32Array.from({ length: count }, () => Math.floor(random() * 300))),
      colors: Uint32Array.from({ length: count }, (_, i) => packColor(i % 2 ? '#e03131' : '#2fb344')),
    };
    const pixels = new Uint32Array(1600 * 1000);
    const view = fitView({ minX: -1, minY: -1, maxX: 1, maxY: 1 }, { width: 800, height: 500 });
    const times: number[] = [];
    for (let run = 0; run < 10; run++) {
      const started = performance.now();
      drawPoints(pixels, 1600, 1000, layer, view, { width: 800, height: 500 }, 2, 4, 0);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`draw 60,000 points into 1600 x 1000 px (Node): median ${times[5].toFixed(2)} ms`);
    expect(layer.order.length).toBe(count);
  });
});

describe('mainGenres', () => {
  it('takes the rarest listed genre, ignores IMAX unless alone, counts films per genre', () => {
    const lists = [
      ['Adventure', 'Animation', 'Children', 'Comedy'],
      ['Comedy'],
      ['Comedy', 'Drama'],
      ['Drama', 'IMAX'],
      ['IMAX'],
      [],
      ['Adventure', 'Comedy'],
    ];
    const { genreOf, genres } = mainGenres(lists);
    const names = Array.from(genreOf, (index) => genres[index].name);
    expect(names).toEqual(['Animation', 'Comedy', 'Drama', 'Drama', 'IMAX', '(no genres listed)', 'Adventure']);
    expect(genres[0]).toMatchObject({ name: 'Drama', films: 2 });
    expect(genres.reduce((sum, genre) => sum + genre.films, 0)).toBe(lists.length);
  });

  it('lightens genre colours that would vanish on the dark map', () => {
    expect(luminance(mapColor('Film-Noir'))).toBeGreaterThanOrEqual(0.09);
    expect(mapColor('Action')).toBe('#e03131');
  });
});
