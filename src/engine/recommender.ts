/**
 * The Recommender: answers implicit-shaped queries (similar_items, recommend, recalculate_user, explain) about one
 * model and the rating pattern it was trained on, in a query worker of its own. It needs no Trainer: a restored or
 * imported model gets one at once. A query worker that stops ends the pending query with a WorkerStoppedError; the
 * next query starts a fresh worker and gives it the model again.
 */
import type {
  ItemFilter,
  LikedOptions,
  PersonalRanked,
  QueryApi,
  QueryModel,
  QuerySetup,
  Ranked,
  RatingPattern,
  RecommendOptions,
  SimilarOptions,
  UserRows,
} from './api';
import { transfer, type Remote } from 'comlink';
import { isShared } from '../data/csr.ts';
import { copyInSlices } from '../persistence/slices.ts';
import type { WorkerBridge } from '../workers/bridge.ts';
import { DEFAULT_FOR_YOU_METHOD } from './personal';
import { compiledKernel, queryBridge, type Platform } from './platform';

/** How to make a Recommender. */
export interface RecommenderOptions {
  /** Where it runs; the browser's by default. */
  platform?: Platform;
}

/** One query worker, possibly handed on from a Recommender to the next (see `withModel`). */
interface QueryWorker {
  bridge: WorkerBridge<QueryApi>;
  module: WebAssembly.Module;
  /** The Recommender whose model the worker holds now. */
  loaded: Recommender | null;
  /** Recommenders on this worker not yet terminated: the worker stops with the last. */
  open: number;
}

/** A query worker started by `prepare` ahead of the first Recommender of a platform, which takes it. */
const spareWorkers = new WeakMap<Platform, QueryWorker>();

/** Queries about one model, answered in a query worker. */
export class Recommender {
  /** The factors it answers from. */
  readonly model: QueryModel;
  /** The ratings' pattern: what each user rated is left out of their recommendations; itemCounts filter. */
  readonly pattern: RatingPattern;
  #setup: QuerySetup;
  /** The user factors and rating pattern are shared with the worker; otherwise queries about users bring rows. */
  #sharesUsers: boolean;
  #worker: QueryWorker;
  #closed = false;

  private constructor(model: QueryModel, pattern: RatingPattern, worker: QueryWorker) {
    if (model.users !== pattern.users || model.items !== pattern.items || model.stride % 8 !== 0) {
      throw new Error('The model does not fit the dataset (its user or movie count differs).');
    }
    this.model = model;
    this.pattern = pattern;
    this.#worker = worker;
    worker.open++;
    const { indptr, indices } = pattern.userItems;
    this.#sharesUsers = isShared(model.userFactors) && isShared(indptr) && isShared(indices);
    this.#setup = {
      module: worker.module,
      stride: model.stride,
      users: model.users,
      items: model.items,
      itemFactors: model.itemFactors,
      itemCounts: pattern.itemCounts,
      // Only the sparsity pattern: recommend() leaves out what a user rated and never reads the ratings.
      ...(this.#sharesUsers
        ? { userFactors: model.userFactors, userItems: { indptr, indices } }
        : { userFactors: new Float32Array(0), userItems: { indptr: new Int32Array(0), indices: new Int32Array(0) } }),
      factors: model.factors,
      regularization: model.settings.regularization,
      confidence: { alpha: model.settings.alpha, base: model.settings.confidence === 'one-plus-alpha' ? 1 : 0 },
    };
  }

  /**
   * A Recommender for `model`, trained on ratings with `pattern` (their users and items must match): compiles the
   * private-memory kernel (once per platform), starts a query worker and gives it the model. No training worker.
   */
  static async create(
    model: QueryModel,
    pattern: RatingPattern,
    options: RecommenderOptions = {},
  ): Promise<Recommender> {
    const platform = options.platform ?? (await import('./browser-platform')).browserPlatform;
    const { module } = await compiledKernel(platform, false);
    // The worker `prepare` started, if any (already booted: the first query does not wait for its script).
    const spare = spareWorkers.get(platform);
    spareWorkers.delete(platform);
    const worker: QueryWorker = spare ?? { bridge: queryBridge(platform), module, loaded: null, open: 0 };
    const recommender = new Recommender(model, pattern, worker);
    try {
      await recommender.#ready();
    } catch (error) {
      recommender.terminate();
      throw error;
    }
    return recommender;
  }

  /**
   * Compiles the query workers' kernel and starts a query worker ahead of the first Recommender (e.g. while a first
   * fit runs), so the first model's wall waits for neither.
   */
  static async prepare(options: RecommenderOptions = {}): Promise<void> {
    const platform = options.platform ?? (await import('./browser-platform')).browserPlatform;
    const { module } = await compiledKernel(platform, false);
    if (spareWorkers.has(platform)) return;
    const worker: QueryWorker = { bridge: queryBridge(platform), module, loaded: null, open: 0 };
    spareWorkers.set(platform, worker);
    // A call with no message starts the worker: its script loads and runs while nothing waits for it.
    await worker.bridge.call(async () => undefined);
  }

  /**
   * A Recommender for another model of the same shape (the next fit, or a per-iteration snapshot) on this one's
   * query worker, which then holds the new model; a query to either loads its own model again. The worker stops when
   * every Recommender sharing it has been terminated.
   */
  async withModel(model: QueryModel, pattern: RatingPattern = this.pattern): Promise<Recommender> {
    this.#open();
    const next = new Recommender(model, pattern, this.#worker);
    try {
      await next.#ready();
    } catch (error) {
      next.terminate();
      throw error;
    }
    return next;
  }

  /** The n items most similar to `item` (cosine of item factors), the item itself left out (implicit's similar_items). */
  similarItems(item: number, n: number, options: SimilarOptions = {}): Promise<Ranked> {
    return this.#call((api) => api.similarItems(item, n, options.minRatings ?? 5, options.exclude ?? null));
  }

  /** The n best items for each user, already-rated items left out unless filterSeen is false; ids -1 padded to n per user. */
  recommend(users: Int32Array, n: number, options: RecommendOptions = {}): Promise<Ranked> {
    return this.#call((api) => api.recommend(users, n, options.filterSeen ?? true, this.#userRows(users)));
  }

  /** One user's n best items under a wall filter; what the user rated is left out unless filterSeen is false. */
  recommendUser(user: number, n: number, options: RecommendOptions & ItemFilter = {}): Promise<Ranked> {
    if (!Number.isInteger(user) || user < 0 || user >= this.model.users) throw new RangeError(`no user ${user}`);
    const { filterSeen = true, minRatings = 1, exclude = null } = options;
    return this.#call((api) =>
      api.recommendUser(user, n, filterSeen, minRatings, exclude, this.#userRows(Int32Array.of(user))),
    );
  }

  /**
   * Without shared memory: the users' factor rows and rated items for one query, read from the page's arrays at
   * the time of the query (a reopened model's user factors arrive after its first wall) and transferred.
   */
  #userRows(users: Int32Array): UserRows | null {
    if (this.#sharesUsers) return null;
    const { stride, userFactors } = this.model;
    const { indptr, indices } = this.pattern.userItems;
    const factors = new Float32Array(users.length * stride);
    const rowsIndptr = new Int32Array(users.length + 1);
    users.forEach((u, j) => {
      factors.set(userFactors.subarray(u * stride, (u + 1) * stride), j * stride);
      rowsIndptr[j + 1] = rowsIndptr[j] + indptr[u + 1] - indptr[u];
    });
    const rowsIndices = new Int32Array(rowsIndptr[users.length]);
    users.forEach((u, j) => rowsIndices.set(indices.subarray(indptr[u], indptr[u + 1]), rowsIndptr[j]));
    const rows = { factors, indptr: rowsIndptr, indices: rowsIndices };
    return transfer(rows, [factors.buffer, rowsIndptr.buffer, rowsIndices.buffer]);
  }

  /**
   * Recommendations for someone not in the data from `items` and `ratings`, by a For you method (personal.ts; with
   * 'implicit', implicit's recommend(userid, user_items, recalculate_user=True): their factors solved exactly against
   * the item factors), those items left out, and each answer with the `because` liked items that contributed most
   * (implicit's explain).
   */
  recommendForLikes(
    items: Int32Array,
    ratings: Float32Array,
    n: number,
    options: LikedOptions = {},
  ): Promise<PersonalRanked> {
    const { minRatings = 1, exclude = null, because = 3, method = DEFAULT_FOR_YOU_METHOD } = options;
    return this.#call((api) => api.recommendForLikes(items, ratings, n, minRatings, exclude, because, method));
  }

  /** True while its query worker runs (it starts at the first query and after a stop). */
  get workerRunning(): boolean {
    return this.#worker.bridge.running;
  }

  /** Query workers started for it so far (a restart after a stop counts; shared with withModel's Recommenders). */
  get workerStarts(): number {
    return this.#worker.bridge.starts;
  }

  /** This Recommender answers no more; its query worker stops unless another Recommender still uses it. */
  terminate(): void {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    if (worker.loaded === this) worker.loaded = null;
    if (--worker.open === 0) worker.bridge.stop();
  }

  #open(): void {
    if (this.#closed) throw new Error('This recommender was stopped.');
  }

  /**
   * The setup as it is posted: arrays in shared memory as they are (a cross-origin isolated page shares them without
   * a copy), private ones copied here in slices and transferred. A structured clone of ml-32m's rating pattern and
   * factors (200 MB) held the page for 1.4 s.
   */
  async #portableSetup(): Promise<QuerySetup> {
    const moved: ArrayBuffer[] = [];
    const portable = async <A extends Int32Array | Float32Array>(array: A): Promise<A> => {
      if (isShared(array)) return array;
      const copy = new (array.constructor as new (length: number) => A)(array.length);
      await copyInSlices(copy, array);
      moved.push(copy.buffer as ArrayBuffer);
      return copy;
    };
    const setup = this.#setup;
    const portableSetup: QuerySetup = {
      ...setup,
      userFactors: await portable(setup.userFactors),
      itemFactors: await portable(setup.itemFactors),
      itemCounts: await portable(setup.itemCounts),
      userItems: { indptr: await portable(setup.userItems.indptr), indices: await portable(setup.userItems.indices) },
    };
    return transfer(portableSetup, moved);
  }

  /** Puts the model in the worker now (a worker that is fresh or holds another model), so the first query is quick. */
  #ready(): Promise<void> {
    return this.#call(async () => undefined);
  }

  /**
   * Runs a query on the worker, first giving it this model when it is fresh (started now, after a stop) or holds
   * another's. Both messages are posted in the same task, so no other model is loaded between them.
   */
  async #call<R>(query: (api: Remote<QueryApi>) => Promise<R>): Promise<R> {
    this.#open();
    const worker = this.#worker;
    // Made before the call, so that posting the model and the query stays one task.
    const setup = worker.loaded === this ? null : await this.#portableSetup();
    return worker.bridge.call((api, { fresh }) => {
      if (!fresh && worker.loaded === this) return query(api);
      worker.loaded = this;
      const loaded = api.loadModel(setup ?? this.#setup).catch((error: unknown) => {
        if (worker.loaded === this) worker.loaded = null;
        throw error;
      });
      return Promise.all([loaded, query(api)]).then(([, answer]) => answer);
    });
  }
}
