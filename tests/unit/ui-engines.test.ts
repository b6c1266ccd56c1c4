/**
 * The worker-count setting (its default and bounds), and the lifetimes of engines in TrainingState: which Trainer a
 * fit runs on, when one starts or stops, and which Recommender answers about the current model.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_DEFAULT_WORKERS, type Model, type Ranked } from '../../src/engine/api.ts';
import type { FitCalibration } from '../../src/engine/estimate.ts';
import type { Recommender } from '../../src/engine/recommender.ts';
import {
  defaultWorkerCount,
  TrainingState,
  workerProblems,
  type EngineFactory,
} from '../../src/state/training.svelte.ts';
import { describeRun } from '../../src/state/format.ts';
import { randomDataset } from '../support/matrices';

const data = randomDataset(30, 20, 5, 3);
const other = randomDataset(31, 20, 5, 4);

function modelOf(workers: number): Model {
  return {
    users: data.users,
    items: data.items,
    factors: 8,
    stride: 8,
    userFactors: new Float32Array(data.users * 8),
    itemFactors: new Float32Array(data.items * 8),
    settings: { ...DEFAULT_SETTINGS, factors: 8, iterations: 2 },
    trainMs: 1,
    phaseMs: { setup: 0, gram: 0, solveUsers: 0, solveItems: 0, loss: 0 },
    lossHistory: [],
    run: { workers, memory: 'copy', simd: 'simd' },
  };
}

/** A stand-in Trainer: fits succeed (or fail when told), and it remembers whether it was terminated. */
class FakeTrainer {
  terminated = false;
  fail = false;
  constructor(readonly workers: number) {}
  async fit(): Promise<Model> {
    if (this.terminated) throw new Error('terminated trainer used');
    if (this.fail) throw new Error('out of memory');
    return modelOf(this.workers);
  }
  async calibration(): Promise<FitCalibration | null> {
    return { overheadMs: 1, msPerRowWork: 0, msPerRatingWork: 0, setupMsPerRowFactor: 0, setupMsPerRating: 0 };
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A stand-in Recommender: answers with its model's worker count, so a test sees which one answered. */
class FakeRecommender {
  terminated = false;
  constructor(
    readonly model: Model,
    readonly created: FakeRecommender[],
  ) {
    created.push(this);
  }
  async withModel(model: Model): Promise<FakeRecommender> {
    return new FakeRecommender(model, this.created);
  }
  async similarItems(): Promise<Ranked> {
    if (this.terminated) throw new Error('terminated recommender used');
    return { ids: Int32Array.of(this.model.run.workers), scores: Float32Array.of(1) };
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A TrainingState on fakes, with every Trainer and Recommender it made. */
function fakeTraining(failFirstStart = false) {
  /** Set `fits` to make the fits of Trainers started from now on fail. */
  const failing = { fits: false };
  const trainers: FakeTrainer[] = [];
  const recommenders: FakeRecommender[] = [];
  let starts = 0;
  const engines: EngineFactory = {
    async trainer(workers) {
      if (failFirstStart && starts++ === 0) throw new Error('no WebAssembly');
      const trainer = new FakeTrainer(workers);
      trainer.fail = failing.fits;
      trainers.push(trainer);
      return trainer as never;
    },
    async recommender(model) {
      return new FakeRecommender(model, recommenders) as unknown as Recommender;
    },
  };
  const training = new TrainingState(null, engines);
  training.forgetIfStale(data);
  return { training, trainers, recommenders, failing };
}

/** Lets promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('worker count', () => {
  it('defaults to the hardware threads, at most the engine default and at least one', () => {
    expect(defaultWorkerCount(4)).toBe(4);
    expect(defaultWorkerCount(64)).toBe(MAX_DEFAULT_WORKERS);
    expect(defaultWorkerCount(0)).toBe(1);
    expect(defaultWorkerCount(undefined)).toBe(1);
  });
  it('accepts 1 to 16 whole workers and explains anything else', () => {
    expect(workerProblems(1)).toEqual([]);
    expect(workerProblems(16)).toEqual([]);
    expect(workerProblems(0)).toEqual(['Workers must be between 1 and 16.']);
    expect(workerProblems(17)).toEqual(['Workers must be between 1 and 16.']);
    expect(workerProblems(2.5)).toEqual(['Workers must be a whole number.']);
    expect(workerProblems(null)).toEqual(['Workers needs a number.']);
  });
  it('describes how a fit ran for the status line', () => {
    expect(describeRun({ workers: 2, memory: 'shared' })).toBe('2 workers · shared memory');
    expect(describeRun({ workers: 1, memory: 'copy' })).toBe('1 worker · copied factors');
  });
});

describe('Trainer and Recommender lifetimes', () => {
  it('reuses the Trainer while the worker count is unchanged; each model gets its Recommender', async () => {
    const { training, trainers, recommenders } = fakeTraining();
    training.workers = 4;
    await training.train(data);
    await training.train(data);
    expect(trainers).toHaveLength(1);
    expect(recommenders).toHaveLength(2);
    expect(recommenders[0].terminated).toBe(true);
    expect(training.recommender).toBe(recommenders[1]);
  });

  it('a changed worker count replaces the Trainer and nothing else: the current model keeps answering', async () => {
    const { training, trainers, recommenders, failing } = fakeTraining();
    training.workers = 4;
    await training.train(data);
    training.workers = 2;
    failing.fits = true;
    expect(await training.train(data)).toBeNull();
    await settle();
    expect(trainers).toHaveLength(2);
    expect(trainers[0].terminated).toBe(true);
    expect(training.phase).toBe('failed');
    expect(recommenders).toHaveLength(1);
    expect(recommenders[0].terminated).toBe(false);
    expect(Array.from((await training.recommender!.similarItems(0, 1, { minRatings: 1 })).ids)).toEqual([4]);
    trainers[1].fail = false;
    await training.train(data);
    expect(Array.from((await training.recommender!.similarItems(0, 1, { minRatings: 1 })).ids)).toEqual([2]);
    expect(recommenders[0].terminated).toBe(true);
  });

  it('a restored model gets a Recommender and no Trainer, even when prepare() ran before its ratings came', async () => {
    const trainers: FakeTrainer[] = [];
    const recommenders: FakeRecommender[] = [];
    const training = new TrainingState(null, {
      trainer: async (workers) => {
        const trainer = new FakeTrainer(workers);
        trainers.push(trainer);
        return trainer as never;
      },
      recommender: async (model) => new FakeRecommender(model, recommenders) as unknown as Recommender,
    });
    // As a restore does: prepare while the saved bytes are read, then the dataset and at once its model.
    const prepared = training.prepare();
    training.forgetIfStale(data);
    const adopted = training.adopt(modelOf(3), data, 'restored');
    await prepared;
    expect(await adopted).toBe(true);
    await settle();
    await training.prepare();
    expect(trainers).toHaveLength(0);
    expect(training.recommender).toBe(recommenders[0]);
    expect(Array.from((await training.recommender!.similarItems(0, 1, { minRatings: 1 })).ids)).toEqual([3]);
    expect(training.origin).toBe('restored');
  });

  it('a restored dataset without a model has its Trainer started for the estimate', async () => {
    const trainers: FakeTrainer[] = [];
    const training = new TrainingState(null, {
      trainer: async (workers) => {
        const trainer = new FakeTrainer(workers);
        trainers.push(trainer);
        return trainer as never;
      },
      recommender: async () => {
        throw new Error('no model');
      },
    });
    await training.prepare();
    expect(trainers).toHaveLength(0);
    training.forgetIfStale(data);
    await settle();
    await settle();
    expect(trainers).toHaveLength(1);
    expect(training.estimateMs(data)).not.toBeNull();
  });

  it('keeps the measured speed for the next visit, whose restored model starts no Trainer but has an estimate', async () => {
    const kept = new Map<string, string>();
    const storage = {
      getItem: (key: string) => kept.get(key) ?? null,
      setItem: (key: string, value: string) => void kept.set(key, value),
    } as unknown as Storage;
    const trainers: FakeTrainer[] = [];
    const engines = {
      trainer: async (workers: number) => {
        const trainer = new FakeTrainer(workers);
        trainers.push(trainer);
        return trainer as never;
      },
      recommender: async (model: Model) => new FakeRecommender(model, []) as unknown as Recommender,
    };
    const first = new TrainingState(storage, engines);
    expect(first.estimateMs(data)).toBeNull();
    first.forgetIfStale(data);
    await first.prepare();
    expect(first.estimateMs(data)).not.toBeNull();

    const next = new TrainingState(storage, engines);
    next.forgetIfStale(data);
    expect(await next.adopt(modelOf(2), data, 'restored')).toBe(true);
    expect(trainers).toHaveLength(1);
    // (The restored model's settings apply: its estimate is for them.)
    expect(next.estimateMs(data)).toBeGreaterThan(0);
    // Another worker count has not been measured; a damaged entry is no speed at all.
    next.workers = next.workers + 1;
    expect(next.estimateMs(data)).toBeNull();
    kept.set('marquee:fit-calibration', '{"workers":2,"calibration":{"overheadMs":"fast"}}');
    expect(new TrainingState(storage, engines).estimateMs(data)).toBeNull();
  });

  it('drops the model of other ratings with its Recommender, and keeps the Trainer for the next fit', async () => {
    const { training, trainers, recommenders } = fakeTraining();
    await training.train(data);
    training.forgetIfStale(other);
    expect(training.model).toBeNull();
    expect(training.recommender).toBeNull();
    expect(recommenders[0].terminated).toBe(true);
    expect(trainers[0].terminated).toBe(false);
  });

  it('tries again after a Trainer fails to start', async () => {
    const { training, trainers } = fakeTraining(true);
    expect(await training.train(data)).toBeNull();
    expect(training.phase).toBe('failed');
    expect(training.error).toContain('no WebAssembly');
    expect(await training.train(data)).not.toBeNull();
    expect(trainers).toHaveLength(1);
  });
});
