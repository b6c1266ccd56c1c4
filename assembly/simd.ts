// Vector helpers shared by the kernels. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build
// keeps exactly one branch: the relaxed build uses fused multiply-add, the plain SIMD build mul + add.

/** a * b + c on four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/** Dot product of two f32 vectors of `bytes` bytes (a multiple of 16), both 16-byte aligned. */
// @ts-ignore: decorator
@inline export function dot(a: usize, b: usize, bytes: usize): f32 {
  let acc = f32x4.splat(0);
  for (let o: usize = 0; o < bytes; o += 16) acc = madd(v128.load(a + o), v128.load(b + o), acc);
  return hsum(acc);
}

/** Sets `bytes` bytes (a multiple of 16) at dst to zero. */
// @ts-ignore: decorator
@inline export function zero(dst: usize, bytes: usize): void {
  const z = f32x4.splat(0);
  for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, z);
}

/**
 * out = G v for a symmetric stride x stride matrix G (row-major, so row j is also column j).
 * Four columns at a time so each out vector is read and written once per four columns.
 * G: stride x stride f32; v, out: stride f32; stride a multiple of 4; all 16-byte aligned.
 */
// @ts-ignore: decorator
@inline export function symv(g: usize, v: usize, out: usize, stride: i32): void {
  const rowBytes = <usize>stride << 2;
  zero(out, rowBytes);
  for (let j = 0; j < stride; j += 4) {
    const vj = v128.load(v + (<usize>j << 2));
    const s0 = f32x4.splat(f32x4.extract_lane(vj, 0));
    const s1 = f32x4.splat(f32x4.extract_lane(vj, 1));
    const s2 = f32x4.splat(f32x4.extract_lane(vj, 2));
    const s3 = f32x4.splat(f32x4.extract_lane(vj, 3));
    const g0 = g + <usize>j * rowBytes;
    const g1 = g0 + rowBytes;
    const g2 = g1 + rowBytes;
    const g3 = g2 + rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 16) {
      let acc = v128.load(out + o);
      acc = madd(v128.load(g0 + o), s0, acc);
      acc = madd(v128.load(g1 + o), s1, acc);
      acc = madd(v128.load(g2 + o), s2, acc);
      acc = madd(v128.load(g3 + o), s3, acc);
      v128.store(out + o, acc);
    }
  }
}
