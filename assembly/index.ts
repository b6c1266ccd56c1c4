// The kernels' exports. They take numbers and pointers into memory the host lays out (src/engine/layout.ts)
// and allocate nothing, so one memory can be shared by several instances.
export { scratchBytes, solveRowsCg, lossRows } from './als-cg';
export { gramMatrix } from './gram';
export { topKDot, normalizeRows } from './topk';

/** First byte the host may use: everything below belongs to the module's own static data. */
export function heapBase(): usize {
  return __heap_base;
}
