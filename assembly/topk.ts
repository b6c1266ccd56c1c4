import { dot } from './simd';

/**
 * Writes the k items with the largest dot product with `query` to outIds/outScores, best first, skipping items
 * whose byte in `skip` is non-zero (skip = 0: none skipped); returns how many were written (<= k).
 * query: stride f32, items: count x stride f32, 16-byte aligned; skip: u8[count]; outIds i32[k], outScores f32[k].
 */
export function topKDot(
  query: usize, items: usize, count: i32, stride: i32, skip: usize, k: i32, outIds: usize, outScores: usize,
): i32 {
  const rowBytes = <usize>stride << 2;
  let size = 0;
  // A min-heap of the best k so far, in outScores/outIds; its root is the weakest kept item.
  for (let i = 0; i < count; i++) {
    if (skip != 0 && load<u8>(skip + <usize>i) != 0) continue;
    const score = dot(query, items + <usize>i * rowBytes, rowBytes);
    if (size < k) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        const ps = load<f32>(outScores + (<usize>parent << 2));
        if (ps <= score) break;
        store<f32>(outScores + (<usize>at << 2), ps);
        store<i32>(outIds + (<usize>at << 2), load<i32>(outIds + (<usize>parent << 2)));
        at = parent;
      }
      store<f32>(outScores + (<usize>at << 2), score);
      store<i32>(outIds + (<usize>at << 2), i);
    } else if (score > load<f32>(outScores)) {
      siftDown(outIds, outScores, size, i, score);
    }
  }
  // Heap sort in place: repeatedly move the weakest to the end, leaving the array best first.
  for (let end = size - 1; end > 0; end--) {
    const id = load<i32>(outIds + (<usize>end << 2));
    const score = load<f32>(outScores + (<usize>end << 2));
    store<i32>(outIds + (<usize>end << 2), load<i32>(outIds));
    store<f32>(outScores + (<usize>end << 2), load<f32>(outScores));
    siftDown(outIds, outScores, end, id, score);
  }
  return size;
}

/** Puts (id, score) at the root of the min-heap of `size` entries and sifts it down. */
function siftDown(outIds: usize, outScores: usize, size: i32, id: i32, score: f32): void {
  let at = 0;
  while (true) {
    let child = 2 * at + 1;
    if (child >= size) break;
    let cs = load<f32>(outScores + (<usize>child << 2));
    if (child + 1 < size) {
      const rs = load<f32>(outScores + (<usize>(child + 1) << 2));
      if (rs < cs) {
        child++;
        cs = rs;
      }
    }
    if (cs >= score) break;
    store<f32>(outScores + (<usize>at << 2), cs);
    store<i32>(outIds + (<usize>at << 2), load<i32>(outIds + (<usize>child << 2)));
    at = child;
  }
  store<f32>(outScores + (<usize>at << 2), score);
  store<i32>(outIds + (<usize>at << 2), id);
}

/** dst row = src row / |src row| (zero rows stay zero). src, dst: count x stride f32, 16-byte aligned. */
export function normalizeRows(src: usize, dst: usize, count: i32, stride: i32): void {
  const rowBytes = <usize>stride << 2;
  for (let i = 0; i < count; i++) {
    const s = src + <usize>i * rowBytes;
    const d = dst + <usize>i * rowBytes;
    const norm = sqrt<f32>(dot(s, s, rowBytes));
    const scale = f32x4.splat(norm > 0 ? 1 / norm : 0);
    for (let o: usize = 0; o < rowBytes; o += 16) v128.store(d + o, f32x4.mul(v128.load(s + o), scale));
  }
}
