/**
 * One writer among tabs: the tab holding the Web Lock "marquee-writer" saves; others wait in the lock's queue and
 * take over when it closes. A BroadcastChannel tells every tab when saved data changed, so Libraries stay current.
 * Without Web Locks (very old browsers) every tab writes; the store's transactions still keep records whole.
 */

const LOCK_NAME = 'marquee-writer';
const CHANNEL_NAME = 'marquee-library';

/** This tab's role and a channel to the others. */
export class WriterLock {
  #writer = false;
  #channel: BroadcastChannel | null = null;

  /** @param onChange is called when this tab becomes the writer, and when another tab saved or deleted something. */
  constructor(onChange: () => void) {
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
    this.#channel?.addEventListener('message', () => onChange());
    this.ready = this.#acquire(onChange);
  }

  /** Resolves once this tab knows whether it is the writer now. */
  readonly ready: Promise<void>;

  /** True when this tab may save. */
  get writer(): boolean {
    return this.#writer;
  }

  /** Tells the other tabs that saved data changed. */
  announce(): void {
    this.#channel?.postMessage('changed');
  }

  async #acquire(onChange: () => void): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (!locks) {
      this.#writer = true;
      return;
    }
    const held = new Promise<never>(() => {}); // held for the life of the tab
    const gotIt = await new Promise<boolean>((resolve) => {
      void locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        return lock ? held : undefined;
      });
    });
    this.#writer = gotIt;
    if (gotIt) return;
    // Queue for the lock: granted when the writing tab closes.
    void locks.request(LOCK_NAME, () => {
      this.#writer = true;
      onChange();
      return held;
    });
  }
}
