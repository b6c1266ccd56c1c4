// The WebAssembly kernels against the float64 reference, called directly on one memory (no workers).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  callLossRows,
  callSolveRowsCg,
  createKernelMemory,
  instantiateKernel,
  MemoryViews,
  type KernelBuild,
  type KernelExports,
} from '../../src/engine/kernels';
import { planLayout, strideFor, type Layout } from '../../src/engine/layout';
import { fillInitialFactors } from '../../src/engine/init';
import {
  compactFactors,
  referenceGram,
  referenceLoss,
  referenceSolveCg,
  referenceSolveExact,
} from '../../src/engine/reference';
import { randomDataset } from '../support/matrices';

// Node 20 validates relaxed SIMD only behind this V8 flag; Chromium has it on.
setFlagsFromString('--experimental-wasm-relaxed-simd');

function load(build: KernelBuild): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(new URL(`../../src/engine/wasm/${build}.wasm`, import.meta.url)));
}

const builds: KernelBuild[] = ['als-simd', 'als-relaxed', 'als-simd-threads'];

/** Max |a - b| / (max |b| + tiny). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Writes a compact factors x factors float64 Gram matrix into the kernel's padded stride x stride layout. */
function putGram(target: Float32Array, gram: Float64Array, factors: number, stride: number): void {
  for (let a = 0; a < factors; a++) for (let b = 0; b < factors; b++) target[a * stride + b] = gram[a * factors + b];
}

/** Runs solveRowsCg over every user row of the layout with the slot's Gram matrix and counter. */
function solveUsers(
  kernel: KernelExports,
  views: MemoryViews,
  layout: Layout,
  users: number,
  chunk: number,
  cgSteps: number,
  conf: { alpha: number; base: number },
  halfSteps = false,
): void {
  const slot = layout.slots[0];
  views.i32(slot.counter, 1)[0] = 0;
  callSolveRowsCg(kernel, views, slot.params, {
    ...layout.userRows,
    rows: users,
    counter: slot.counter,
    chunk,
    target: layout.userFactors,
    fixed: layout.itemFactors,
    gram: slot.gram,
    stride: layout.stride,
    cgSteps,
    ...conf,
    scratch: slot.scratch,
    halfSteps: halfSteps ? 1 : 0,
  });
}

/** lossRows over every user row of the layout with the slot's Gram matrix: [row terms, total confidence]. */
function lossTerms(
  kernel: KernelExports,
  views: MemoryViews,
  layout: Layout,
  users: number,
  conf: { alpha: number; base: number },
  halfSteps = false,
): number[] {
  const slot = layout.slots[0];
  views.f64(slot.loss, 2).fill(0);
  callLossRows(kernel, views, slot.params, {
    ...layout.userRows,
    first: 0,
    last: users,
    target: layout.userFactors,
    fixed: layout.itemFactors,
    gram: slot.gram,
    stride: layout.stride,
    ...conf,
    scratch: slot.scratch,
    out: slot.loss,
    halfSteps: halfSteps ? 1 : 0,
  });
  return [...views.f64(slot.loss, 2)];
}

/** A kernel memory with a random user CSR (ratings 0.5-5 stars: as f32, or as u8 half-stars with halfSteps). */
function setUp(build: KernelBuild, users: number, items: number, factors: number, seed: number, halfSteps = false) {
  const data = randomDataset(users, items, 13, seed);
  const scratch = 3 * strideFor(factors) * 4 + 16;
  const layout = planLayout({
    factors,
    users,
    items,
    userRowCount: users,
    userNnz: data.nnz,
    itemRowCount: items,
    itemNnz: data.nnz,
    slots: 1,
    scratchBytes: scratch,
    halfSteps,
  });
  const memory = createKernelMemory(layout.pages, build.endsWith('threads'));
  const kernel = instantiateKernel(load(build), memory);
  expect(kernel.scratchBytes(layout.stride)).toBe(scratch);
  const views = new MemoryViews(memory);
  const { stride } = layout;
  views.i32(layout.userRows.indptr, users + 1).set(data.userItems.indptr);
  views.i32(layout.userRows.indices, data.nnz).set(data.userItems.indices);
  if (halfSteps) views.u8(layout.userRows.values, data.nnz).set(data.userItems.values.map((v) => v * 2));
  else views.f32(layout.userRows.values, data.nnz).set(data.userItems.values);
  const x = views.f32(layout.userFactors, users * stride);
  const y = views.f32(layout.itemFactors, items * stride);
  // Larger than implicit's start so the solve has real work to do.
  fillInitialFactors(x, seed, 'users', 0, users, factors, stride);
  fillInitialFactors(y, seed, 'items', 0, items, factors, stride);
  for (let j = 0; j < y.length; j++) y[j] *= 30;
  return { data, layout, kernel, views, x, y, stride };
}

describe.each(builds)('kernel %s', (build) => {
  // Factor counts that need several SIMD iterations and leave padding lanes (stride > factors).
  it.each([1, 3, 4, 7, 16, 33, 64])('Gram matrix matches the reference with %i factors', (factors) => {
    const { kernel, layout, views, y, stride } = setUp(build, 5, 23, factors, factors);
    const slot = layout.slots[0];
    kernel.gramMatrix(layout.itemFactors, 23, stride, slot.gram);
    const expected = referenceGram(compactFactors(y, 23, factors, stride), 23, factors, 0);
    const got = compactFactors(views.f32(slot.gram, stride * stride), factors, factors, stride);
    expect(relativeError(got, expected)).toBeLessThan(1e-5);
  });

  it.each([1, 5, 8, 13, 32, 61])('one CG half-step matches the reference with %i factors', (factors) => {
    const users = 37;
    const items = 29;
    const { data, kernel, layout, views, x, y, stride } = setUp(build, users, items, factors, 100 + factors);
    const conf = { alpha: 1.5, base: 0 };
    const reg = 0.05;
    const y64 = compactFactors(y, items, factors, stride);
    const x64 = compactFactors(x, users, factors, stride);
    const g64 = referenceGram(y64, items, factors, reg);
    const slot = layout.slots[0];
    putGram(views.f32(slot.gram, stride * stride), g64, factors, stride);
    solveUsers(kernel, views, layout, users, 4, 3, conf);
    referenceSolveCg(data.userItems, x64, y64, factors, g64, conf, 3);
    expect(relativeError(compactFactors(x, users, factors, stride), x64)).toBeLessThan(2e-3);
    // Padding lanes stay zero, so rows can be used as whole vectors.
    for (let u = 0; u < users; u++) for (let f = factors; f < stride; f++) expect(x[u * stride + f]).toBe(0);
    // Rows without ratings get a zero vector, as in implicit.
    const empty = [...Array(users).keys()].find((u) => data.userItems.indptr[u] === data.userItems.indptr[u + 1]);
    if (empty !== undefined)
      expect(Array.from(x.subarray(empty * stride, (empty + 1) * stride))).toEqual(Array(stride).fill(0));
  });

  it('many CG steps converge to the exact least-squares solution', () => {
    const factors = 6;
    const { data, kernel, layout, views, x, y, stride } = setUp(build, 20, 17, factors, 7);
    const conf = { alpha: 1, base: 1 };
    const y64 = compactFactors(y, 17, factors, stride);
    const g64 = referenceGram(y64, 17, factors, 0.1);
    const slot = layout.slots[0];
    putGram(views.f32(slot.gram, stride * stride), g64, factors, stride);
    solveUsers(kernel, views, layout, 20, 256, 30, conf);
    const exact = new Float64Array(20 * factors);
    referenceSolveExact(data.userItems, exact, y64, factors, g64, conf);
    expect(relativeError(compactFactors(x, 20, factors, stride), exact)).toBeLessThan(1e-3);
  });

  it('loss terms match the reference loss', () => {
    const factors = 9;
    const users = 31;
    const items = 19;
    const { data, kernel, layout, views, x, y, stride } = setUp(build, users, items, factors, 3);
    const reg = 0.2;
    const conf = { alpha: 2, base: 0 };
    const y64 = compactFactors(y, items, factors, stride);
    const g64 = referenceGram(y64, items, factors, reg);
    const slot = layout.slots[0];
    putGram(views.f32(slot.gram, stride * stride), g64, factors, stride);
    const [rowTerms, confidence] = lossTerms(kernel, views, layout, users, conf);
    let itemNorm = 0;
    for (const v of y64) itemNorm += v * v;
    const loss = (rowTerms + reg * itemNorm) / (confidence + users * items - data.nnz);
    const expected = referenceLoss(
      data.userItems,
      compactFactors(x, users, factors, stride),
      y64,
      users,
      items,
      factors,
      reg,
      conf,
    );
    expect(Math.abs(loss - expected) / expected).toBeLessThan(1e-4);
  });

  it('solves and scores u8 half-star ratings exactly as the same ratings in f32', () => {
    const factors = 13;
    const [users, items] = [41, 23];
    const conf = { alpha: 0.7, base: 1 };
    const run = (halfSteps: boolean) => {
      const { kernel, layout, views, x, y, stride } = setUp(build, users, items, factors, 5, halfSteps);
      const slot = layout.slots[0];
      const y64 = compactFactors(y, items, factors, stride);
      putGram(views.f32(slot.gram, stride * stride), referenceGram(y64, items, factors, 0.1), factors, stride);
      solveUsers(kernel, views, layout, users, 8, 3, conf, halfSteps);
      return { x: [...x], loss: lossTerms(kernel, views, layout, users, conf, halfSteps) };
    };
    const bytes = run(true);
    const floats = run(false);
    expect(bytes.x).toEqual(floats.x);
    expect(bytes.loss).toEqual(floats.loss);
    expect(bytes.x.some((v) => v !== 0)).toBe(true);
  });

  it('top-k returns the best items in order and honours the skip mask', () => {
    const factors = 5;
    const { kernel, layout, views, y, stride } = setUp(build, 3, 50, factors, 11);
    const slot = layout.slots[0];
    const query = slot.scratch;
    views.f32(query, stride).set([1, -2, 0.5, 3, 1, 0, 0, 0].slice(0, stride));
    const skip = slot.partialGram;
    const mask = views.u8(skip, 50);
    mask.fill(0);
    mask[7] = 1;
    const outIds = slot.gram;
    const outScores = slot.gram + 64;
    const n = kernel.topKDot(query, layout.itemFactors, 50, stride, skip, 10, outIds, outScores);
    const q = views.f32(query, stride);
    const scores = [...Array(50).keys()]
      .filter((i) => i !== 7)
      .map((i) => ({ i, s: [...Array(factors).keys()].reduce((s, f) => s + q[f] * y[i * stride + f], 0) }));
    scores.sort((a, b) => b.s - a.s);
    expect(n).toBe(10);
    expect(Array.from(views.i32(outIds, 10))).toEqual(scores.slice(0, 10).map((e) => e.i));
  });
});
