import { madd, zero } from './simd';

/**
 * out = sum over rows of y y^T (the Gram matrix YtY of implicit's solvers). Only the upper triangle is
 * accumulated (in blocks of 8 columns from the diagonal's block on), four rows per pass over out, and then mirrored:
 * the matrix is symmetric, so this does a little over half the work.
 * rows: count x stride f32, out: stride x stride f32, row-major, stride a multiple of 8, 16-byte aligned.
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
      for (let o: usize = (<usize>j >> 3) << 5; o < rowBytes; o += 32) {
        let acc = v128.load(g + o);
        let bcc = v128.load(g + o, 16);
        acc = madd(v128.load(y0 + o), s0, acc);
        bcc = madd(v128.load(y0 + o, 16), s0, bcc);
        acc = madd(v128.load(y1 + o), s1, acc);
        bcc = madd(v128.load(y1 + o, 16), s1, bcc);
        acc = madd(v128.load(y2 + o), s2, acc);
        bcc = madd(v128.load(y2 + o, 16), s2, bcc);
        acc = madd(v128.load(y3 + o), s3, acc);
        bcc = madd(v128.load(y3 + o, 16), s3, bcc);
        v128.store(g + o, acc);
        v128.store(g + o, bcc, 16);
      }
    }
  }
  for (; i < count; i++) {
    const y = rows + <usize>i * rowBytes;
    for (let j = 0; j < stride; j++) {
      const s = f32x4.splat(load<f32>(y + (<usize>j << 2)));
      const g = out + <usize>j * rowBytes;
      for (let o: usize = (<usize>j >> 3) << 5; o < rowBytes; o += 16) {
        v128.store(g + o, madd(v128.load(y + o), s, v128.load(g + o)));
      }
    }
  }
  // Mirror: below the diagonal's 8-column block, copy from the transposed position.
  for (let j = 8; j < stride; j++) {
    const g = out + <usize>j * rowBytes;
    const end = (j >> 3) << 3;
    for (let c = 0; c < end; c++) store<f32>(g + (<usize>c << 2), load<f32>(out + <usize>c * rowBytes + (<usize>j << 2)));
  }
}
