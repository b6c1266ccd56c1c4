/**
 * The tuning run: trains a sample of the grid around the current settings (src/metrics/tuning.ts; the current
 * settings are configuration 1) on the 80/20 train part, one after another on the evaluation's Trainer, and scores
 * each on the held-out part with a Recommender of its own. Results sort by any column; the best can be applied to the training settings.
 */
import type { Dataset } from '../data/types.ts';
import type { FitSettings } from '../engine/api.ts';
import type { RankingMetrics } from '../metrics/ranking.ts';
import { bestIndex, clampConfigurations, tuningConfigurations } from '../metrics/tuning.ts';
import { sameRatings } from './sameRatings.ts';
import type { HoldoutRunner } from './holdoutRunner.ts';
import { Run, type RunPhase } from './run.svelte.ts';

/** One trained configuration. */
export interface TuningResult {
  /** 1-based position in the run (1 = the settings the run started from). */
  configuration: number;
  settings: FitSettings;
  metrics: RankingMetrics;
  trainMs: number;
}

/** Columns the results table sorts by. */
export type TuningColumn =
  'configuration' | 'factors' | 'regularization' | 'alpha' | 'iterations' | 'precision' | 'map' | 'ndcg' | 'auc';

/** State of the Tune button's run. */
export class TuningState {
  /** How many configurations to train, as typed; `commitCount` makes it valid. */
  count = $state(16);
  #runner: HoldoutRunner;
  #run = new Run((text) => `Tuning stopped: ${text}.`);
  #results = $state.raw<TuningResult[]>([]);
  #sortBy = $state<TuningColumn>('ndcg');
  #descending = $state(true);
  /** The dataset the shown results are about. */
  #about: Dataset | null = null;

  constructor(runner: HoldoutRunner) {
    this.#runner = runner;
  }

  /** Where the run stands. */
  get phase(): RunPhase {
    return this.#run.phase;
  }
  /** Configurations the run trains. */
  get planned(): number {
    return this.#run.progress.max;
  }
  /** The configuration being trained (1-based), or the count finished when the run ended. */
  get current(): number {
    return this.#run.progress.value;
  }
  /** Finished configurations in run order. */
  get results(): TuningResult[] {
    return this.#results;
  }
  /** Why the run failed. */
  get error(): string | null {
    return this.#run.error;
  }
  /** The column the table sorts by, and the direction. */
  get sort(): { column: TuningColumn; descending: boolean } {
    return { column: this.#sortBy, descending: this.#descending };
  }

  /** The results in table order. */
  readonly sorted: TuningResult[] = $derived.by(() => {
    const value = (r: TuningResult): number => {
      const c = this.#sortBy;
      if (c === 'configuration') return r.configuration;
      if (c === 'factors' || c === 'regularization' || c === 'alpha' || c === 'iterations') return r.settings[c];
      return r.metrics[c];
    };
    const sign = this.#descending ? -1 : 1;
    return [...this.#results].sort((a, b) => sign * (value(a) - value(b)) || a.configuration - b.configuration);
  });

  /** The best result by NDCG@10 (the starting settings win ties), or null. */
  readonly best: TuningResult | null = $derived.by(() => {
    const i = bestIndex(this.#results.map((r) => r.metrics.ndcg));
    return i < 0 ? null : this.#results[i];
  });

  /** The starting settings' result (configuration 1), or null. */
  readonly baseline: TuningResult | null = $derived(this.#results.find((r) => r.configuration === 1) ?? null);

  /** Makes the typed count valid (MIN_ to MAX_CONFIGURATIONS), so the field shows what a run will train. */
  commitCount(): void {
    this.count = clampConfigurations(this.count);
  }

  /** Sorts by a column; the same column again flips the direction. */
  sortBy(column: TuningColumn): void {
    if (this.#sortBy === column) this.#descending = !this.#descending;
    else {
      this.#sortBy = column;
      this.#descending = column !== 'configuration';
    }
  }

  /** Trains and scores the configurations one after another; resolves when done, cancelled or failed. */
  async tune(dataset: Dataset, settings: FitSettings, workers: number): Promise<void> {
    if (this.#run.running) return;
    this.commitCount();
    const configurations = tuningConfigurations(settings, this.count);
    // The grid may hold fewer distinct points than asked (e.g. 1 factor cannot be halved): show what runs.
    this.count = configurations.length;
    this.#about = dataset;
    this.#results = [];
    await this.#run.start(
      async ({ signal, check, current, report }) => {
        const results: TuningResult[] = [];
        const split = await this.#runner.split(dataset);
        for (const [i, config] of configurations.entries()) {
          check();
          report({ value: i + 1 });
          // The loss is not shown here: skipping it saves about a pass over the ratings per iteration.
          const run = await this.#runner.fitAndScore(split, { ...config, computeLoss: false }, workers, signal);
          run.recommender.terminate();
          if (!current()) return;
          results.push({ configuration: i + 1, settings: config, metrics: run.metrics, trainMs: run.model.trainMs });
          this.#results = [...results];
        }
      },
      { progress: { value: 0, max: configurations.length } },
    );
  }

  /** Clears results about another dataset than `dataset` (new ratings were loaded). */
  forget(dataset: Dataset | null): void {
    if (this.#run.running || !this.#about) return;
    if (dataset && sameRatings(this.#about, dataset)) return; // Same ratings, newer catalogue: still true.
    this.#about = null;
    this.#results = [];
    this.#run.reset();
  }

  /** Stops the run; the configurations finished so far stay in the table. */
  cancel(): void {
    this.#run.cancel();
  }
}
