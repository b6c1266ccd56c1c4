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

/** [sum a0, sum a1, sum a2, sum a3]: four horizontal sums in one vector. */
// @ts-ignore: decorator
@inline export function hsum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 1, 4, 5), v128.shuffle<f32>(a0, a1, 2, 3, 6, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 1, 4, 5), v128.shuffle<f32>(a2, a3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
}

/**
 * out = G v for a symmetric stride x stride matrix G, as dot products of four rows of G with v at a time: four
 * independent accumulators (no read-modify-write of out, short dependency chains), one vector store per four rows.
 * G: stride x stride f32 row-major; v, out: stride f32; stride a multiple of 8; all 16-byte aligned.
 */
// @ts-ignore: decorator
@inline export function symv(g: usize, v: usize, out: usize, stride: i32): void {
  const rowBytes = <usize>stride << 2;
  for (let j = 0; j < stride; j += 4) {
    const g0 = g + <usize>j * rowBytes;
    const g1 = g0 + rowBytes;
    const g2 = g1 + rowBytes;
    const g3 = g2 + rowBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 32) {
      const va = v128.load(v + o);
      const vb = v128.load(v + o, 16);
      a0 = madd(v128.load(g0 + o), va, a0);
      b0 = madd(v128.load(g0 + o, 16), vb, b0);
      a1 = madd(v128.load(g1 + o), va, a1);
      b1 = madd(v128.load(g1 + o, 16), vb, b1);
      a2 = madd(v128.load(g2 + o), va, a2);
      b2 = madd(v128.load(g2 + o, 16), vb, b2);
      a3 = madd(v128.load(g3 + o), va, a3);
      b3 = madd(v128.load(g3 + o, 16), vb, b3);
    }
    v128.store(out + (<usize>j << 2), hsum4(f32x4.add(a0, b0), f32x4.add(a1, b1), f32x4.add(a2, b2), f32x4.add(a3, b3)));
  }
}
