/**
 * The map's state (src/state/map.svelte.ts) with a stand-in worker: PCA first, UMAP on request with progress,
 * Cancel terminates the worker and returns to PCA, a new model recomputes and drops answers about the old one.
 */
import { describe, expect, it, vi } from 'vitest';
import { expose } from 'comlink';
import type { Model } from '../../src/engine/api.ts';
import type { FactorMatrix, MapWorkerApi, Projection, UmapProgress } from '../../src/map/api.ts';
import { MapState } from '../../src/state/map.svelte.ts';
import type { WorkerLike } from '../../src/workers/bridge.ts';

/** A model with `items` rows of 2 factors (stride 8); only the shape matters here. */
function model(items: number): Model {
  return { items, factors: 2, stride: 8, itemFactors: new Float32Array(items * 8) } as unknown as Model;
}

/** A stand-in worker (comlink over a MessageChannel) whose answers the test releases by hand. */
class FakeWorker {
  started = 0;
  terminated = 0;
  calls: { method: 'pca' | 'umap'; matrix: FactorMatrix; finish: () => void; fail: (e: Error) => void }[] = [];
  progress: UmapProgress | null = null;

  start = (): WorkerLike & MessagePort => {
    this.started++;
    const call = (method: 'pca' | 'umap', matrix: FactorMatrix) =>
      new Promise<Projection>((resolve, reject) => {
        const coords = new Float32Array(matrix.rows * 2).fill(method === 'pca' ? 1 : 2);
        this.calls.push({
          method,
          matrix,
          finish: () => resolve({ method, coords, explained: method === 'pca' ? 0.5 : null, elapsedMs: 1 }),
          fail: reject,
        });
      });
    const { port1, port2 } = new MessageChannel();
    const api = {
      pca: (matrix: FactorMatrix) => call('pca', matrix),
      umap: (matrix: FactorMatrix, _seed: number, onProgress: UmapProgress) => {
        this.progress = onProgress;
        return call('umap', matrix);
      },
    };
    expose(api satisfies { [K in keyof MapWorkerApi]: unknown }, port2);
    port1.start();
    return Object.assign(port1, {
      terminate: () => {
        this.terminated++;
        port1.close();
        port2.close();
      },
    });
  };

  /** Waits until the worker has been asked `count` calls. */
  async asked(count: number): Promise<void> {
    await vi.waitFor(() => expect(this.calls).toHaveLength(count));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('MapState', () => {
  it('computes PCA first, then UMAP on request, showing PCA while UMAP runs', async () => {
    const fake = new FakeWorker();
    const trained = model(30);
    const map = new MapState(() => trained, fake.start);
    map.ensure();
    expect(map.running).toBe('pca');
    await fake.asked(1);
    expect(fake.calls[0].matrix).toMatchObject({ rows: 30, factors: 2, stride: 8 });
    fake.calls[0].finish();
    await settle();
    expect(map.projection?.method).toBe('pca');
    expect(map.running).toBeNull();

    map.choose('umap');
    expect(map.running).toBe('umap');
    expect(map.projection?.method).toBe('pca');
    await fake.asked(2);
    void fake.progress!('layout', 40, 200);
    await vi.waitFor(() => expect(map.umapRun).toEqual({ phase: 'layout', epoch: 40, epochs: 200 }));
    fake.calls[1].finish();
    await settle();
    expect(map.projection?.method).toBe('umap');
    map.choose('pca');
    expect(map.projection?.method).toBe('pca');
    map.choose('umap');
    expect(map.running).toBeNull(); // kept: no second run
    expect(fake.calls).toHaveLength(2);
  });

  it('Cancel terminates the worker, goes back to PCA and ignores the late answer', async () => {
    const fake = new FakeWorker();
    const trained = model(30);
    const map = new MapState(() => trained, fake.start);
    map.ensure();
    await fake.asked(1);
    fake.calls[0].finish();
    await settle();
    map.choose('umap');
    await fake.asked(2);
    map.cancel();
    expect(fake.terminated).toBe(1);
    expect(map.method).toBe('pca');
    expect(map.note).toBe('UMAP cancelled; the map shows PCA.');
    expect(map.running).toBeNull();
    fake.calls[1].finish();
    await settle();
    expect(map.projection?.method).toBe('pca');
    map.choose('umap');
    expect(fake.started).toBe(2); // a fresh worker
  });

  it('a new model stops the old run and recomputes; a failure is said in words', async () => {
    const fake = new FakeWorker();
    let trained = model(30);
    const map = new MapState(() => trained, fake.start);
    map.ensure();
    await fake.asked(1);
    trained = model(40);
    expect(map.projection).toBeNull();
    map.ensure();
    expect(fake.terminated).toBe(1);
    await fake.asked(2);
    expect(fake.calls[1].matrix.rows).toBe(40);
    fake.calls[0].finish();
    fake.calls[1].fail(new Error('out of memory'));
    await vi.waitFor(() => expect(map.error).not.toBeNull());
    expect(map.projection).toBeNull();
    expect(map.error).toBe('The PCA map could not be computed: out of memory.');
  });

  it('a worker that stops ends the run with a named error, keeps the PCA map and the next run starts afresh', async () => {
    const fake = new FakeWorker();
    const trained = model(30);
    let worker: MessagePort | null = null;
    const map = new MapState(
      () => trained,
      () => (worker = fake.start()),
    );
    map.ensure();
    await fake.asked(1);
    fake.calls[0].finish();
    await settle();
    map.choose('umap');
    await fake.asked(2);
    worker!.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: out of memory' }));
    await vi.waitFor(() => expect(map.error).not.toBeNull());
    expect(map.error).toBe(
      'The UMAP map could not be computed: the map layout stopped unexpectedly (Uncaught Error: out of memory).',
    );
    expect(fake.terminated).toBe(1);
    expect(map.method).toBe('pca');
    expect(map.projection?.method).toBe('pca');
    map.choose('umap');
    await fake.asked(3);
    expect(fake.started).toBe(2);
    fake.calls[2].finish();
    await vi.waitFor(() => expect(map.projection?.method).toBe('umap'));
  });
});
