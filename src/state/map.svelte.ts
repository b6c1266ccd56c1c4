/**
 * The catalogue map's state: which layout a person chose (PCA, or UMAP on request), the projection of the current
 * model's item factors, and UMAP's progress. Projections run in src/map/map.worker.ts; one per model and method is
 * kept, so switching back and forth is instant. Cancel terminates the worker; the PCA map stays.
 */
import { proxy, transfer } from 'comlink';
import type { Model } from '../engine/api.ts';
import type { FactorMatrix, MapWorkerApi, Projection, ProjectionMethod } from '../map/api.ts';
import { WorkerBridge, type WorkerLike } from '../workers/bridge.ts';
import { Run } from './run.svelte.ts';

/** Where the UMAP run stands. */
export interface UmapRun {
  phase: 'neighbours' | 'layout';
  epoch: number;
  epochs: number;
}

/** Seed of UMAP's random numbers, so a model always gives the same map. */
const UMAP_SEED = 42;

/** The chosen layout, the projections of the current model and the run in flight. */
export class MapState {
  #getModel: () => Model | null;
  #method = $state<ProjectionMethod>('pca');
  #projections = $state.raw<{ model: Model; pca: Projection | null; umap: Projection | null } | null>(null);
  /** The projection in flight: cancel and a new model drop its answer. */
  readonly #run = new Run((text) => `The map could not be computed: ${text}.`);
  /** Which projection the run computes. */
  #runMethod = $state<ProjectionMethod>('pca');
  #umapRun = $state<UmapRun | null>(null);
  #note = $state<string | null>(null);
  /** The map worker; a stopped one ends the run with a named error, and the next run starts a fresh one. */
  readonly #worker: WorkerBridge<MapWorkerApi>;

  /**
   * @param getModel reads the trained model (reactively).
   * @param startWorker starts a map worker; the default runs src/map/map.worker.ts.
   */
  constructor(getModel: () => Model | null, startWorker: () => WorkerLike = startMapWorker) {
    this.#getModel = getModel;
    this.#worker = new WorkerBridge<MapWorkerApi>(startWorker, { label: 'map layout' });
  }

  /** The layout the person chose. */
  get method(): ProjectionMethod {
    return this.#method;
  }
  /** The layout to draw: the chosen one when ready, else the PCA one (shown while UMAP runs); null before any. */
  get projection(): Projection | null {
    const cached = this.#current();
    if (!cached) return null;
    return cached[this.#method] ?? cached.pca;
  }
  /** Which projection is being computed, if any. */
  get running(): ProjectionMethod | null {
    return this.#run.running ? this.#runMethod : null;
  }
  /** UMAP's progress while it runs. */
  get umapRun(): UmapRun | null {
    return this.#run.running ? this.#umapRun : null;
  }
  /** Why the last projection failed, in words for people. */
  get error(): string | null {
    return this.#run.error;
  }
  /** A short remark about the last action (e.g. a cancelled UMAP), or null. */
  get note(): string | null {
    return this.#note;
  }

  /** Computes the chosen layout for the current model unless it is there or running; call when the map is shown. */
  ensure(): void {
    const model = this.#getModel();
    if (!model) return;
    const method = this.#method;
    if (this.#projections?.model !== model) {
      // A projection of the previous model is of no use any more: stop it rather than queue behind it.
      // Resetting aborts a run in flight, which terminates the worker; a failure was about the previous model (a
      // worker that stopped, say): the new one gets its own try.
      this.#run.reset();
      this.#projections = { model, pca: null, umap: null };
    }
    // PCA first in every case: it is quick and is what the map shows while UMAP runs.
    const wanted: ProjectionMethod = this.#projections.pca ? method : 'pca';
    if (this.#projections[wanted] || this.#run.running || this.#run.error !== null) return;
    void this.#start(model, wanted);
  }

  /** Chooses the layout; UMAP starts computing at once. */
  choose(method: ProjectionMethod): void {
    if (method === this.#method) return;
    this.#method = method;
    // A failure is forgotten (the choice asks again); a run in flight goes on.
    if (!this.#run.running) this.#run.reset();
    this.#note = null;
    this.ensure();
  }

  /** Stops UMAP (terminates the worker); the map goes back to PCA. */
  cancel(): void {
    const running = this.running;
    if (running === null) return;
    // Forgotten, not just aborted (its answer is of no use); the abort terminates the worker.
    this.#run.reset();
    if (running === 'umap') {
      this.#method = 'pca';
      this.#note = 'UMAP cancelled; the map shows PCA.';
    }
    this.ensure();
  }

  #current() {
    const cached = this.#projections;
    return cached && cached.model === this.#getModel() ? cached : null;
  }

  async #start(model: Model, method: ProjectionMethod): Promise<void> {
    this.#runMethod = method;
    this.#umapRun = method === 'umap' ? { phase: 'neighbours', epoch: 0, epochs: 0 } : null;
    const matrix: FactorMatrix = {
      // A copy: the model keeps its factors for queries and the next map.
      data: model.itemFactors.slice(0, model.items * model.stride),
      rows: model.items,
      factors: model.factors,
      stride: model.stride,
    };
    const name = method === 'pca' ? 'PCA' : 'UMAP';
    await this.#run.start(
      async ({ current, check, signal }) => {
        try {
          // The factors are a copy made for the worker: moved, not cloned.
          const moved = transfer(matrix, [matrix.data.buffer]);
          const onProgress = proxy((phase: UmapRun['phase'], epoch: number, epochs: number) => {
            if (current()) this.#umapRun = { phase, epoch, epochs };
          });
          // An abort (cancel, a new model) terminates the worker: work in a worker cannot be interrupted otherwise.
          const projection = await this.#worker.call(
            (api) => (method === 'pca' ? api.pca(moved) : api.umap(moved, UMAP_SEED, onProgress)),
            signal,
          );
          check();
          if (this.#projections?.model === model) this.#projections = { ...this.#projections, [method]: projection };
        } catch (error) {
          if (current() && method === 'umap') this.#method = 'pca';
          throw error;
        }
      },
      { failure: (text) => `The ${name} map could not be computed: ${text}.` },
    );
    // The next layout wanted (UMAP after PCA), unless a newer run is in flight or this one failed.
    this.ensure();
  }
}

/** Starts src/map/map.worker.ts. */
function startMapWorker(): WorkerLike {
  return new Worker(new URL('../map/map.worker.ts', import.meta.url), { type: 'module', name: 'map' });
}
