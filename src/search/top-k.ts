/** The `limit` lowest-key items seen so far, kept sorted; most offers are rejected with one comparison. */
export class TopK {
  readonly #keys: Float64Array;
  readonly #ids: Int32Array;
  #size = 0;

  constructor(limit: number) {
    this.#keys = new Float64Array(limit);
    this.#ids = new Int32Array(limit);
  }

  /** Whether an item with this key would be kept now; lets callers skip work for hopeless items. */
  wouldKeep(key: number): boolean {
    return this.#size < this.#keys.length || key < this.#keys[this.#keys.length - 1];
  }

  /** Consider an item with a sort key (lower is better). */
  offer(id: number, key: number): void {
    const keys = this.#keys;
    const capacity = keys.length;
    if (this.#size === capacity && key >= keys[capacity - 1]) return;
    let slot = this.#size < capacity ? this.#size++ : capacity - 1;
    while (slot > 0 && keys[slot - 1] > key) {
      keys[slot] = keys[slot - 1];
      this.#ids[slot] = this.#ids[slot - 1];
      slot--;
    }
    keys[slot] = key;
    this.#ids[slot] = id;
  }

  /** Like offer, but an item already kept keeps only its better key (a later pass may rank it higher). */
  improve(id: number, key: number): void {
    if (!this.wouldKeep(key)) return;
    const ids = this.#ids;
    for (let slot = 0; slot < this.#size; slot++) {
      if (ids[slot] !== id) continue;
      if (this.#keys[slot] <= key) return;
      ids.copyWithin(slot, slot + 1, this.#size);
      this.#keys.copyWithin(slot, slot + 1, this.#size);
      this.#size--;
      break;
    }
    this.offer(id, key);
  }

  /** The kept items, best first. */
  items(): number[] {
    return Array.from(this.#ids.subarray(0, this.#size));
  }
}
