// The kernels' exports. They take numbers and pointers into memory the host lays out (src/engine/layout.ts)
// and allocate nothing, so one memory can be shared by several instances. solveRowsCg and lossRows take one
// pointer to a parameter block (KernelParams, generated from KERNEL_PARAMS in src/engine/layout.ts).
import { KernelParams } from './params.generated';

export { scratchBytes, solveRowsCg, lossRows } from './als-cg';
export { gramMatrix } from './gram';
export { topKDot, normalizeRows } from './topk';

/** First byte the host may use: everything below belongs to the module's own static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of the parameter block as compiled: the host checks it against its own KERNEL_PARAMS_BYTES. */
export function paramsBytes(): i32 {
  return <i32>offsetof<KernelParams>();
}
