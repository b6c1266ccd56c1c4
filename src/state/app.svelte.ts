/**
 * The app's state in one place: loading, training, search and the chosen film, and the few rules that tie them
 * together (a new dataset may invalidate the model; history entries). What the walls show is derived from the
 * state in walls.svelte.ts, and asked again here, in one effect root, whenever it changes.
 */
import { tick, untrack } from 'svelte';
import { DatasetState } from './dataset.svelte.ts';
import { errorText } from '../errors.ts';
import { pageIdle } from './page-idle.ts';
import { LibraryState, type Opened } from './library.svelte.ts';
import { movieHash, movieIdFromHash } from './route.ts';
import { filmAt } from './film.ts';
import { FilterState } from './filters.svelte.ts';
import { ForYouState } from './foryou.svelte.ts';
import { MapState } from './map.svelte.ts';
import { datasetSummary, describeRun, formatSeconds } from './format.ts';
import { SearchState } from './search.svelte.ts';
import { SelectionState } from './selection.svelte.ts';
import { AUTO_TRAIN_MAX_RATINGS, AUTO_TRAIN_MS, TrainingState } from './training.svelte.ts';
import type { ViewId } from './views.ts';
import type { Dataset } from '../data/types.ts';
import { EvaluationState } from './evaluation.svelte.ts';
import { HoldoutRunner } from './holdoutRunner.ts';
import { TuningState } from './tuning.svelte.ts';
import { carryLikes, pageStorage, renamedDataset } from './rename.ts';
import { WallQueries } from './walls.svelte.ts';

/** The 1-2-3 flow: which step the person is on. */
export type Step = 'load' | 'train' | 'explore';

/** History entries written by the app carry the chosen film. */
interface HistoryEntry {
  marqueeMovieId: number | null;
}

/** Everything the UI reads, and the actions it may take. */
export class AppState {
  /** Files, reader and dataset. */
  readonly data = new DatasetState((dataset) => this.#reconcile(dataset));
  /** Settings, progress and model. */
  readonly training = new TrainingState();
  /** The title search. */
  readonly search = new SearchState(() => this.data.dataset);
  /** The chosen film and its wall. */
  readonly selection = new SelectionState(() => this.data.dataset);
  /** The first wall, shown before any film is chosen: the most rated film's similar films. */
  readonly starter = new SelectionState(() => this.data.dataset);
  /** Counts fits that started by themselves after a load (the explore view moves focus to the search box). */
  autoTrained = $state(0);
  /** The walls' genre and year filter. */
  readonly filters = new FilterState(() => this.data.dataset);
  /** Likes, their recommendations, and recommendations for a user of the dataset. */
  readonly foryou = new ForYouState(() => this.data.dataset);

  /** Saved datasets and models (IndexedDB). */
  readonly library = new LibraryState();
  /** True while the last dataset and model are read back after a reload. */
  #restoring = $state(false);
  /** A film named by the URL the page opened on, shown once its dataset is there. */
  #pendingMovieId: number | null = null;
  /** Why an import or an opening of saved work failed, in words for people (shown in the Library). */
  libraryProblem = $state<string | null>(null);
  /** Split, engine and scoring shared by the Evaluate and Tune runs. */
  readonly holdout = new HoldoutRunner();
  /** The Evaluate view's held-out metrics. */
  readonly evaluation = new EvaluationState(this.holdout);
  /** The tuning run. */
  readonly tuning = new TuningState(this.holdout);
  /** The catalogue map's layout (PCA or UMAP of the item factors). */
  readonly map = new MapState(() => this.training.model);

  /** Each wall's question, derived from what it depends on (walls.svelte.ts). */
  readonly #walls = new WallQueries(this);
  /** The chosen film's and the starter wall's answers in flight (a fit's model is saved once they are shown). */
  #similarShown: Promise<void> = Promise.resolve();
  #starterShown: Promise<void> = Promise.resolve();

  constructor() {
    // The one place walls are asked: when a wall's question changes, its wall asks again (a newer question replaces
    // one in flight). Lives as long as the page.
    $effect.root(() => {
      $effect(() => {
        const query = this.#walls.similar;
        untrack(() => (this.#similarShown = this.selection.show(query)));
      });
      $effect(() => {
        const query = this.#walls.starter;
        untrack(() => {
          // The same film keeps its wall on screen while it is asked again (a changed filter dims it).
          this.starter.follow(query?.movieId ?? null);
          this.#starterShown = this.starter.show(query);
        });
      });
      $effect(() => {
        const query = this.#walls.likes;
        untrack(() => void this.foryou.showForLikes(query));
      });
      $effect(() => {
        const query = this.#walls.user;
        untrack(() => void this.foryou.showForUser(query));
      });
    });
  }

  /** Which view the main region shows (tabs). */
  view = $state<ViewId>('similar');

  /** The step to highlight in the 1-2-3 flow. */
  readonly step: Step = $derived(!this.data.dataset ? 'load' : !this.training.model ? 'train' : 'explore');

  /** The status region's lines: dataset summary (and a cancelled load), then what training did. */
  readonly statusLines: string[] = $derived.by(() => {
    const lines: string[] = [];
    const dataset = this.data.dataset;
    if (this.data.loading) lines.push(`Loading ${this.data.loading.file ?? this.data.loading.label}…`);
    if (dataset) lines.push(datasetSummary(dataset));
    else if (this.#restoring) lines.push('Reopening your saved work…');
    else if (!this.data.loading) lines.push('No data loaded yet.');
    if (!this.data.loading && this.data.lastResult?.cancelled) {
      lines.push(dataset ? 'Loading cancelled; the previous data is still in use.' : 'Loading cancelled.');
    }
    if (dataset?.pendingRatings) {
      lines.push(
        this.data.ratingsLost
          ? 'The saved ratings could not be read back: load the files again to train or evaluate.'
          : 'Reading the ratings back: training and evaluating wait for them.',
      );
    }
    const { phase, model } = this.training;
    const previous = model ? ` the previous model (trained in ${formatSeconds(model.trainMs)}) is still in use.` : '';
    if (phase === 'training') lines.push('Training…');
    else if (phase === 'cancelled') lines.push(model ? `Training cancelled;${previous}` : 'Training cancelled.');
    else if (phase === 'failed') lines.push(model ? `Training failed;${previous}` : 'Training failed.');
    else if (model && this.training.origin === 'restored')
      lines.push(`Model restored from this browser (trained in ${formatSeconds(model.trainMs)}), no retraining needed`);
    else if (model && this.training.origin === 'imported') lines.push('Model imported from a file');
    else if (model) lines.push(`Trained in ${formatSeconds(model.trainMs)} · ${describeRun(model.run)}`);
    return lines;
  });

  /** Reads dropped or picked files, then reconciles model and choice with the new dataset. */
  async loadFiles(files: File[]): Promise<void> {
    const before = this.data.dataset;
    await this.data.loadFiles(files);
    void this.#afterLoad();
    void this.#trainIfQuick(before, this.#saveIfNew(before));
  }

  /** Loads the synthetic sample catalogue. */
  async loadSample(): Promise<void> {
    const before = this.data.dataset;
    await this.data.loadSample();
    void this.#afterLoad();
    void this.#trainIfQuick(before, this.#saveIfNew(before));
  }

  /** The estimated milliseconds of a fit of the loaded ratings at the current settings (null: not known yet). */
  readonly fitEstimateMs: number | null = $derived(this.data.dataset && this.training.estimateMs(this.data.dataset));

  /**
   * After a load that left no model: trains at once when auto-train is on and the fit is estimated to be quick (and
   * small enough for the estimate to be trusted).
   * The engine starts (and times its calibration fits, on this page) only once the dataset is saved, so no
   * engine work shares the page with reading or saving.
   */
  async #trainIfQuick(before: Dataset | null, saved: Promise<void>): Promise<void> {
    await saved;
    const dataset = this.data.dataset;
    const idle = () =>
      this.data.dataset === dataset &&
      !this.data.loading &&
      !this.training.model &&
      !this.training.adopting &&
      this.training.phase !== 'training' &&
      this.training.autoTrain;
    if (!dataset || dataset === before) return;
    await this.training.prepare(); // also for the estimate the Train button shows
    if (!idle()) return;
    const estimate = this.training.estimateMs(dataset);
    // Anything may have happened while the engine started: another load, a click on Train, a restore.
    if (!idle() || estimate === null || estimate > AUTO_TRAIN_MS || dataset.nnz > AUTO_TRAIN_MAX_RATINGS) return;
    this.autoTrained++;
    await this.train();
  }

  /** Trains on the current dataset; the walls follow the new model. */
  async train(): Promise<void> {
    const dataset = this.data.dataset;
    if (!dataset || dataset.pendingRatings) return;
    // Files loaded while training may have replaced the ratings: such a model is dropped as the fit ends.
    const model = await this.training.train(dataset, () => this.data.dataset);
    this.training.forgetIfStale(this.data.dataset);
    this.#applyPendingFilm();
    if (!model) return;
    await this.#wallsShown();
    // A fit made while this tab does not save (another tab writes) is not saved later either, when it may.
    if (this.library.notSaving !== null) return;
    // Saved once the walls are painted, every chunk of them: packing the factors would otherwise delay them.
    await pageIdle();
    if (this.training.model === model) void this.library.saveModel(model, dataset, 'trained');
  }

  /** Restores the dataset and model open when the page was last used (unless files were loaded meanwhile). */
  async restoreSaved(): Promise<void> {
    performance.mark('marquee:restore-start');
    // Start the engine while the saved bytes are read: its start (compile, warm-up) is the longer of the two.
    if (!(await this.library.hasSaved())) return;
    void this.training.prepare();
    void this.training.prepareQueries();
    this.#restoring = true;
    try {
      const saved = await this.library.restoreLast();
      performance.mark('marquee:restore-read');
      if (!saved || this.data.dataset || this.data.loading) return;
      await this.#show(saved);
      performance.mark('marquee:restore-shown');
    } finally {
      this.#restoring = false;
    }
  }

  /** Opens a saved dataset (and model) from the Library, replacing what is shown. */
  async openSaved(datasetId: string, modelId: string | null): Promise<void> {
    this.libraryProblem = null;
    if (this.training.phase === 'training') {
      this.libraryProblem = 'A model is training: cancel it or wait, then open saved work.';
      return;
    }
    if (this.data.loading) {
      // The load would replace what is opened as soon as it ends.
      this.libraryProblem = 'Files are loading: cancel or wait, then open saved work.';
      return;
    }
    const saved = await this.library.open(datasetId, modelId);
    if (saved) await this.#show(saved);
  }

  /** Reads a model file (Marquee export or implicit .npz) for the loaded dataset, uses it and saves it. */
  async importModel(file: File): Promise<void> {
    const dataset = this.data.dataset;
    this.libraryProblem = null;
    if (!dataset) {
      this.libraryProblem = 'Load the dataset the model was trained on first, then import the model.';
      return;
    }
    try {
      const model = await this.library.importFile(file, dataset);
      const adopted = await this.training.adopt(model, dataset, 'imported', () => this.data.dataset);
      if (this.data.dataset !== dataset) {
        this.libraryProblem = `${file.name} was not imported: other data was loaded while it was read. Import it again for this dataset.`;
        return;
      }
      if (!adopted) {
        this.libraryProblem = 'A model is training: cancel it or wait, then import.';
        return;
      }
      void this.library.saveModel(model, dataset, 'imported');
      await this.#wallsShown();
    } catch (error) {
      this.libraryProblem = `${file.name} was not imported: ${errorText(error)}`;
    }
  }

  /**
   * Shows saved work: the dataset and its model's walls, then, for a dataset opened without its ratings (its head
   * first), reads them in the background (settles before that read ends).
   */
  async #show({ dataset, model, readRatings }: Opened): Promise<void> {
    this.data.adopt(dataset);
    if (model) {
      try {
        await this.training.adopt(model, dataset, 'restored', () => this.data.dataset);
      } catch (error) {
        this.library.report(`The saved model could not be used: ${errorText(error)}`);
      }
    }
    await this.#afterLoad();
    if (readRatings) void this.#completeRatings(readRatings);
  }

  /** Reads the ratings of the dataset shown without them; training, evaluation and the reader then get them. */
  async #completeRatings(readRatings: () => Promise<Dataset | null>): Promise<void> {
    const done = await this.data.completeRatings(readRatings);
    if (!done) return;
    performance.mark('marquee:restore-ratings');
    this.library.follow(done.shown, done.completed);
    await this.training.useRatings(done.completed);
  }

  /** Gives the loaded dataset a person's name for it; returns why not, or null. Likes and saved models follow. */
  renameDataset(name: string): string | null {
    const dataset = this.data.dataset;
    if (!dataset) return 'Load a dataset first.';
    if (this.data.loading || this.training.phase === 'training') return 'Rename when the load or the fit has ended.';
    const renamed = renamedDataset(dataset, name);
    if (typeof renamed === 'string') return renamed;
    if (renamed.name === dataset.name) return null;
    carryLikes(pageStorage(), dataset.name, renamed.name);
    this.data.adopt(renamed);
    void this.#afterLoad();
    void this.library.renameDataset(dataset, renamed);
    return null;
  }

  /** Saves a newly loaded dataset in the background; settles (never rejects) when the save has ended. */
  async #saveIfNew(before: Dataset | null): Promise<void> {
    const dataset = this.data.dataset;
    if (dataset && dataset !== before) {
      await this.library
        .saveDataset(dataset, (recordId, onProgress) => this.data.writeSaved(dataset, recordId, onProgress))
        .catch(() => undefined); // the Library shows why
    }
  }

  /** Shows the film the opening URL named, once a dataset holding it is there. */
  #applyPendingFilm(): void {
    const movieId = this.#pendingMovieId;
    // A choice needs a model to show its wall (see #afterLoad): wait for one.
    if (movieId === null || !this.training.model || this.selection.indexOf(movieId) === null) return;
    this.#pendingMovieId = null;
    this.selection.choose(movieId);
    this.#settleSearch();
  }

  /** Shows the chosen film's title in the search box (and closes its list). */
  #settleSearch(): void {
    const index = this.selection.itemIndex;
    const dataset = this.data.dataset;
    if (index !== null && dataset) this.search.settle(filmAt(dataset, index).title);
  }

  /** Scores the current training settings on an 80/20 split of the loaded ratings. */
  async evaluate(): Promise<void> {
    const dataset = this.data.dataset;
    if (!dataset || dataset.pendingRatings || this.tuning.phase === 'running') return;
    await this.evaluation.evaluate(dataset, $state.snapshot(this.training.settings), this.training.workers);
    this.evaluation.forget(this.data.dataset); // other ratings may have been loaded while it ran
  }

  /** Trains and scores a sample of the grid around the current settings. */
  async tune(): Promise<void> {
    const dataset = this.data.dataset;
    if (!dataset || dataset.pendingRatings || this.evaluation.phase === 'running') return;
    await this.tuning.tune(dataset, $state.snapshot(this.training.settings), this.training.workers);
    this.tuning.forget(this.data.dataset); // other ratings may have been loaded while it ran
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
    if (movieId === this.selection.movieId) {
      // The same film: its wall is asked again only if it failed; no new history entry.
      this.selection.choose(movieId);
      this.#settleSearch();
      return;
    }
    this.selection.choose(movieId);
    const entry: HistoryEntry = { marqueeMovieId: movieId };
    history.pushState(entry, '', movieHash(movieId));
    this.#settleSearch();
  }

  /** Marks the entry the page opened on as the app's "no film chosen" state, so Back from the first film returns to it. */
  startHistory(): void {
    // A link to a film (#/movie/<id>) keeps its hash and is shown once the restored dataset holds that film.
    const movieId = movieIdFromHash(location.hash);
    this.#pendingMovieId = movieId;
    const entry: HistoryEntry = { marqueeMovieId: movieId };
    history.replaceState(entry, '', location.pathname + location.search + (movieId === null ? '' : movieHash(movieId)));
  }

  /** Follows Back/Forward to a film chosen earlier (or to none); entries the app did not write are left alone. */
  restoreFromHistory(state: unknown): void {
    // A hash typed or followed as a link arrives without our state: treat it as a choice.
    const linked = state === null ? movieIdFromHash(location.hash) : null;
    if (linked !== null) {
      history.replaceState({ marqueeMovieId: linked } satisfies HistoryEntry, '', movieHash(linked));
      state = { marqueeMovieId: linked };
      // Not in the data (or no model) yet: shown once it is, as for a link the page opened on.
      if (this.selection.indexOf(linked) === null || !this.training.model) this.#pendingMovieId = linked;
    }
    if (state === null || typeof state !== 'object' || !('marqueeMovieId' in state)) return;
    const movieId = (state as HistoryEntry).marqueeMovieId;
    if (movieId === null) {
      this.selection.restore(null);
      this.search.clear();
      return;
    }
    if (this.selection.indexOf(movieId) === null) return;
    this.selection.restore(movieId);
    this.#settleSearch();
  }

  /** Changes the walls' minimum ratings (every wall follows). */
  setMinRatings(value: number): void {
    this.selection.setMinRatings(value);
  }

  /** Likes a film or takes the like back; the "Recommended for you" wall follows. */
  toggleLike(movieId: number): void {
    this.foryou.toggleLike(movieId);
  }

  /** Gives a liked film stars (null: a plain like); the wall follows. */
  setStars(movieId: number, stars: number | null): void {
    this.foryou.setStars(movieId, stars);
  }

  /** Forgets every like. */
  clearLikes(): void {
    this.foryou.clear();
  }

  /** Recommends for the MovieLens user id typed in "User id"; that user's wall then follows the settings. */
  recommendForUser(): void {
    this.foryou.askForUser(this.training.model !== null);
  }

  /** Changes how many similar films to show. */
  setWallSize(size: number): void {
    this.selection.setWallSize(size);
  }

  /**
   * What a new dataset invalidates, dropped at once (DatasetState calls this in the same task as the replacement):
   * a model of other ratings, runs about them, a chosen film the dataset lacks or that has no model now.
   */
  #reconcile(dataset: Dataset | null): void {
    this.holdout.forget(dataset);
    this.evaluation.forget(dataset);
    this.tuning.forget(dataset);
    this.training.forgetIfStale(dataset);
    this.foryou.useDataset(dataset?.name ?? null);
    if (!this.training.model) {
      this.foryou.forgetResults();
      this.starter.forget();
    }
    const chosen = this.selection.movieId;
    if (chosen !== null && (this.selection.indexOf(chosen) === null || !this.training.model)) {
      this.selection.forget();
      this.search.clear();
    }
  }

  #afterLoad(): Promise<void> {
    this.#reconcile(this.data.dataset);
    this.#applyPendingFilm();
    return this.#wallsShown();
  }

  /** Settles when the chosen film's and the starter wall's latest questions are answered. */
  async #wallsShown(): Promise<void> {
    await tick(); // the walls' effects see what changed and ask
    await Promise.all([this.#similarShown, this.#starterShown]);
  }
}
