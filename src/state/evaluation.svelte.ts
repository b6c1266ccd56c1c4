/**
 * The Evaluate view's state: fit the current settings on the 80/20 train part (on the evaluation's own Trainer and
 * Recommender, never the explored model's), then implicit's P@10, MAP@10, NDCG@10 and AUC@10 beside the popularity baseline, and the
 * few-likes table of every For you method (metrics/forYouProtocol.ts); optionally the held-out NDCG@10 after every
 * iteration (scored from factor snapshots).
 */
import type { Dataset } from '../data/types.ts';
import type { FitSettings } from '../engine/api.ts';
import type { ForYouRow } from '../metrics/forYouProtocol.ts';
import type { RankingMetrics } from '../metrics/ranking.ts';
import { sameRatings } from './sameRatings.ts';
import type { HoldoutRunner } from './holdoutRunner.ts';
import { FEW_LIKES } from '../metrics/fewLikes.ts';
import { Run, type RunPhase } from './run.svelte.ts';

/** Where a run stands. */
export type { RunPhase };

/** One row of the Evaluation table. */
export interface EvaluationRow {
  model: string;
  metrics: RankingMetrics;
}

/** One point of the per-iteration charts. */
export interface IterationPoint {
  iteration: number;
  value: number;
}

/** A short label for a model's settings, e.g. "ALS · 64 factors · reg 0.01 · α 1 · 15 iterations". */
export function describeSettings(s: FitSettings): string {
  const feedback =
    s.feedback === 'rating'
      ? ''
      : s.feedback === 'liked'
        ? ` · liked ≥ ${s.likedThreshold}`
        : ` · ${s.feedback.toUpperCase()}`;
  return `ALS · ${s.factors} factors · reg ${s.regularization} · α ${s.alpha} · ${s.iterations} iterations${feedback}`;
}

/** State of the Evaluate button's run. */
export class EvaluationState {
  /** Score the held-out part after every iteration (a chart of NDCG@10 per iteration). */
  trackIterations = $state(true);
  #runner: HoldoutRunner;
  #run = new Run((text) => `Evaluation stopped: ${text}.`);
  #rows = $state.raw<EvaluationRow[]>([]);
  #forYouRows = $state.raw<ForYouRow[]>([]);
  #ndcgByIteration = $state.raw<IterationPoint[]>([]);
  #lossByIteration = $state.raw<IterationPoint[]>([]);
  #usersEvaluated = $state(0);
  /** The dataset the shown results are about. */
  #about: Dataset | null = null;

  constructor(runner: HoldoutRunner) {
    this.#runner = runner;
  }

  /** Where the run stands. */
  get phase(): RunPhase {
    return this.#run.phase;
  }
  /** What the run is doing, in words (the progress bar's text). */
  get step(): string {
    return this.#run.progress.step;
  }
  /** Progress value and maximum (iterations, plus one for the split). */
  get progress(): { value: number; max: number } {
    const { value, max } = this.#run.progress;
    return { value, max };
  }
  /** The table: the model, then the popularity baseline. */
  get rows(): EvaluationRow[] {
    return this.#rows;
  }
  /** The few-likes table: every For you method on the current model, then popularity. */
  get forYouRows(): ForYouRow[] {
    return this.#forYouRows;
  }
  /** Held-out NDCG@10 after each iteration (when tracked). */
  get ndcgByIteration(): IterationPoint[] {
    return this.#ndcgByIteration;
  }
  /** Training loss after each iteration (when the settings compute it). */
  get lossByIteration(): IterationPoint[] {
    return this.#lossByIteration;
  }
  /** Users with at least one held-out rating (implicit's `total`). */
  get usersEvaluated(): number {
    return this.#usersEvaluated;
  }
  /** Why the last run failed. */
  get error(): string | null {
    return this.#run.error;
  }

  /** Splits, fits the settings on the train part and scores both models; resolves when done, cancelled or failed. */
  async evaluate(dataset: Dataset, settings: FitSettings, workers: number): Promise<void> {
    if (this.#run.running) return;
    this.#about = dataset;
    this.#rows = [];
    this.#forYouRows = [];
    this.#ndcgByIteration = [];
    this.#lossByIteration = [];
    const track = this.trackIterations;
    // The split, each iteration, then the few-likes table (one step, filled by its fraction done).
    const progress = { value: 0, max: settings.iterations + 2, step: 'Splitting the ratings 80/20…' };
    await this.#run.start(
      async ({ signal, check, current, report }) => {
        const ndcg: IterationPoint[] = [];
        const losses: IterationPoint[] = [];
        const split = await this.#runner.split(dataset);
        check();
        report({ value: 1, step: 'Starting the evaluation workers…' });
        await this.#runner.trainer(workers);
        check();
        report({ step: `Training on the train part: iteration 0 of ${settings.iterations}` });
        const { metrics, recommender } = await this.#runner.fitAndScore(
          split,
          settings,
          workers,
          signal,
          (iteration, _elapsedMs, loss) => {
            if (!current()) return;
            report({
              value: 1 + iteration,
              step: `Training on the train part: iteration ${iteration} of ${settings.iterations}`,
            });
            if (loss !== null) {
              losses.push({ iteration, value: loss });
              this.#lossByIteration = [...losses];
            }
          },
          track
            ? (iteration, m) => {
                if (!current()) return;
                ndcg.push({ iteration, value: m.ndcg });
                this.#ndcgByIteration = [...ndcg];
              }
            : undefined,
        );
        try {
          check();
          this.#rows = [
            { model: describeSettings(settings), metrics },
            { model: 'Popularity (most-rated films)', metrics: split.popularity },
          ];
          this.#usersEvaluated = metrics.usersEvaluated;
          const people = split.fewLikes.length;
          const rows = await this.#runner.forYouTable(recommender, split, settings, {
            signal,
            onProgress: (done, total) =>
              report({
                value: 1 + settings.iterations + done / total,
                step: `For you (${FEW_LIKES} likes): ${people} people, ${Math.floor((100 * done) / total)}% scored`,
              }),
          });
          check();
          this.#forYouRows = rows;
        } finally {
          // The evaluation's query worker is not needed once the tables are filled.
          recommender.terminate();
        }
      },
      { progress },
    );
  }

  /** Clears results about another dataset than `dataset` (new ratings were loaded). */
  forget(dataset: Dataset | null): void {
    if (this.#run.running || !this.#about) return;
    if (dataset && sameRatings(this.#about, dataset)) return; // Same ratings, newer catalogue: still true.
    this.#about = null;
    this.#rows = [];
    this.#forYouRows = [];
    this.#ndcgByIteration = [];
    this.#lossByIteration = [];
    this.#run.reset();
  }

  /** Stops the run in flight. */
  cancel(): void {
    this.#run.cancel();
  }
}
