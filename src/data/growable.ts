/**
 * Append-only typed arrays that grow geometrically, so parsers can stream millions of numbers
 * without allocating one JS object per row.
 */

type NumericArray = Int32Array | Float32Array;

/** A growable typed array; `push` amortises to O(1), `toArray` returns an exactly sized copy. */
export class GrowableArray<T extends NumericArray> {
  #array: T;
  #length = 0;
  readonly #make: (capacity: number) => T;

  constructor(make: (capacity: number) => T, initialCapacity = 1024) {
    this.#make = make;
    this.#array = make(Math.max(16, Math.floor(initialCapacity)));
  }

  /** Number of values pushed so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.#length === this.#array.length) this.#grow();
    this.#array[this.#length++] = value;
  }

  /** The pushed values in a new array of exactly `length` elements. */
  toArray(): T {
    return this.#array.slice(0, this.#length) as T;
  }

  #grow(): void {
    // 1.5x rather than 2x: at 25M ratings the over-allocation matters more than a few extra copies.
    const bigger = this.#make(Math.ceil(this.#array.length * 1.5) + 16);
    bigger.set(this.#array);
    this.#array = bigger;
  }
}

/** A growable Int32Array. */
export function growableInt32(initialCapacity?: number): GrowableArray<Int32Array> {
  return new GrowableArray((n) => new Int32Array(n), initialCapacity);
}

/** A growable Float32Array. */
export function growableFloat32(initialCapacity?: number): GrowableArray<Float32Array> {
  return new GrowableArray((n) => new Float32Array(n), initialCapacity);
}

/** ES2024's ArrayBuffer.prototype.transfer (Chromium 114+, Node 21+); typed here because our lib is ES2022. */
type Detachable = ArrayBuffer & { transfer?: (newByteLength: number) => ArrayBuffer };

/**
 * Frees `array`'s memory now rather than at the next garbage collection, where the runtime can: transferring its
 * buffer to a zero-length one detaches it and releases the bytes (Chromium). Elsewhere it is left to the collector.
 * Every view of that buffer becomes empty: only for arrays nothing else uses.
 */
export function releaseNow(array: ArrayBufferView): void {
  const buffer = array.buffer as Detachable;
  // SharedArrayBuffer is not even defined on a page that is not cross-origin isolated.
  const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
  if (typeof buffer.transfer === 'function' && !shared) buffer.transfer(0);
}
