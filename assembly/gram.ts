import { madd, zero } from './simd';

/**
 * out = sum over rows of y y^T (the Gram matrix YtY of implicit's solvers), four rows per pass over out.
 * rows: count x stride f32, out: stride x stride f32, row-major, stride a multiple of 4, 16-byte aligned.
 */
export function gramMatrix(rows: usize, count: i32, stride: i32, out: usize): void {
  const rowBytes = <usize>stride << 2;
  zero(out, rowBytes * <usize>stride);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const y0 = rows + <usize>i * rowBytes;
    const y1 = y0 + rowBytes;
    const y2 = y1 + rowBytes;
    const y3 = y2 + rowBytes;
    for (let j = 0; j < stride; j++) {
      const jo = <usize>j << 2;
      const s0 = f32x4.splat(load<f32>(y0 + jo));
      const s1 = f32x4.splat(load<f32>(y1 + jo));
      const s2 = f32x4.splat(load<f32>(y2 + jo));
      const s3 = f32x4.splat(load<f32>(y3 + jo));
      const g = out + <usize>j * rowBytes;
      for (let o: usize = 0; o < rowBytes; o += 16) {
        let acc = v128.load(g + o);
        acc = madd(v128.load(y0 + o), s0, acc);
        acc = madd(v128.load(y1 + o), s1, acc);
        acc = madd(v128.load(y2 + o), s2, acc);
        acc = madd(v128.load(y3 + o), s3, acc);
        v128.store(g + o, acc);
      }
    }
  }
  for (; i < count; i++) {
    const y = rows + <usize>i * rowBytes;
    for (let j = 0; j < stride; j++) {
      const s = f32x4.splat(load<f32>(y + (<usize>j << 2)));
      const g = out + <usize>j * rowBytes;
      for (let o: usize = 0; o < rowBytes; o += 16) v128.store(g + o, madd(v128.load(y + o), s, v128.load(g + o)));
    }
  }
}
