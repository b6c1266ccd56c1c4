/**
 * The app's state in one place: loading, training, search and the chosen film, and the few rules that tie them
 * together (a new dataset may invalidate the model; a new model or choice refreshes the wall; history entries).
 */
import { DatasetState } from './dataset.svelte.ts';
import { filmAt } from './film.ts';
import { MapState } from './map.svelte.ts';
import { datasetSummary, describeRun, formatSeconds } from './format.ts';
import { SearchState } from './search.svelte.ts';
import { SelectionState } from './selection.svelte.ts';
import { TrainingState } from './training.svelte.ts';
import type { ViewId } from './views.ts';

/** The 1-2-3 flow: which step the person is on. */
export type Step = 'load' | 'train' | 'explore';

/** History entries written by the app carry the chosen film. */
interface HistoryEntry {
  marqueeMovieId: number | null;
}

/** Everything the UI reads, and the actions it may take. */
export class AppState {
  /** Files, reader and dataset. */
  readonly data = new DatasetState();
  /** Settings, progress and model. */
  readonly training = new TrainingState();
  /** The title search. */
  readonly search = new SearchState(() => this.data.dataset);
  /** The chosen film and its wall. */
  readonly selection = new SelectionState(() => this.data.dataset);
  /** The catalogue map's layout (PCA or UMAP of the item factors). */
  readonly map = new MapState(() => this.training.model);

  /** Which view the main region shows (tabs). */
  view = $state<ViewId>('similar');

  /** The step to highlight in the 1-2-3 flow. */
  readonly step: Step = $derived(!this.data.dataset ? 'load' : !this.training.model ? 'train' : 'explore');

  /** The status region's lines: dataset summary (and a cancelled load), then what training did. */
  readonly statusLines: string[] = $derived.by(() => {
    const lines: string[] = [];
    const dataset = this.data.dataset;
    if (this.data.loading) lines.push(`Loading ${this.data.loading.label}…`);
    if (dataset) lines.push(datasetSummary(dataset));
    else if (!this.data.loading) lines.push('No data loaded yet.');
    if (!this.data.loading && this.data.lastResult?.cancelled) {
      lines.push(dataset ? 'Loading cancelled; the previous data is still in use.' : 'Loading cancelled.');
    }
    const { phase, model } = this.training;
    const previous = model ? ` the previous model (trained in ${formatSeconds(model.trainMs)}) is still in use.` : '';
    if (phase === 'training') lines.push('Training…');
    else if (phase === 'cancelled') lines.push(model ? `Training cancelled;${previous}` : 'Training cancelled.');
    else if (phase === 'failed') lines.push(model ? `Training failed;${previous}` : 'Training failed.');
    else if (model) lines.push(`Trained in ${formatSeconds(model.trainMs)} · ${describeRun(model.run)}`);
    return lines;
  });

  /** Reads dropped or picked files, then reconciles model and choice with the new dataset. */
  async loadFiles(files: File[]): Promise<void> {
    await this.data.loadFiles(files);
    this.#afterLoad();
  }

  /** Loads the synthetic sample catalogue. */
  async loadSample(): Promise<void> {
    await this.data.loadSample();
    this.#afterLoad();
  }

  /** Trains on the current dataset and refreshes the wall with the new model. */
  async train(): Promise<void> {
    const dataset = this.data.dataset;
    if (!dataset) return;
    const model = await this.training.train(dataset);
    // Files loaded while training may have replaced the ratings the model was trained on.
    this.training.forgetIfStale(this.data.dataset);
    if (model) await this.selection.refresh(this.#similarQuery());
  }

  /** Stops the load in flight; the data loaded before stays. */
  cancelLoading(): void {
    this.data.cancelLoading();
  }

  /** Stops training; the previous model stays. */
  cancelTraining(): void {
    this.training.cancel();
  }

  /** Makes a film the query, as a new history entry so Back returns to the previous film. */
  choose(movieId: number): void {
    if (movieId === this.selection.movieId) return;
    this.selection.choose(movieId);
    const entry: HistoryEntry = { marqueeMovieId: movieId };
    history.pushState(entry, '', `#movie/${movieId}`);
    const index = this.selection.itemIndex;
    const dataset = this.data.dataset;
    if (index !== null && dataset) this.search.settle(filmAt(dataset, index).title);
    void this.selection.refresh(this.#similarQuery());
  }

  /** Marks the entry the page opened on as the app's "no film chosen" state, so Back from the first film returns to it. */
  startHistory(): void {
    const entry: HistoryEntry = { marqueeMovieId: null };
    history.replaceState(entry, '', location.pathname + location.search);
  }

  /** Follows Back/Forward to a film chosen earlier (or to none); entries the app did not write are left alone. */
  restoreFromHistory(state: unknown): void {
    if (state === null || typeof state !== 'object' || !('marqueeMovieId' in state)) return;
    const movieId = (state as HistoryEntry).marqueeMovieId;
    if (movieId === null) {
      this.selection.restore(null);
      this.search.clear();
      return;
    }
    if (this.selection.indexOf(movieId) === null) return;
    this.selection.restore(movieId);
    const index = this.selection.itemIndex;
    const dataset = this.data.dataset;
    if (index !== null && dataset) this.search.settle(filmAt(dataset, index).title);
    void this.selection.refresh(this.#similarQuery());
  }

  /** Changes the wall's minimum ratings and asks again. */
  setMinRatings(value: number): void {
    this.selection.setMinRatings(value);
    void this.selection.refresh(this.#similarQuery());
  }

  /** Changes how many similar films to show and asks again. */
  setWallSize(size: number): void {
    this.selection.setWallSize(size);
    void this.selection.refresh(this.#similarQuery());
  }

  #afterLoad(): void {
    const dataset = this.data.dataset;
    this.training.forgetIfStale(dataset);
    const chosen = this.selection.movieId;
    if (chosen !== null && (this.selection.indexOf(chosen) === null || !this.training.model)) {
      this.selection.forget();
      this.search.clear();
    }
    void this.selection.refresh(this.#similarQuery());
  }

  #similarQuery() {
    if (!this.training.model) return null;
    return (itemIndex: number, n: number, minRatings: number) => this.training.similar(itemIndex, n, minRatings);
  }
}
