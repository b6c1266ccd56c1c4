/** The worker-count setting: its default and bounds, and when an engine is started, kept or terminated. */
import { describe, expect, it } from 'vitest';
import { MAX_DEFAULT_WORKERS } from '../../src/engine/pool.ts';
import { defaultWorkerCount, EngineKeeper, workerProblems } from '../../src/state/engines.ts';
import { describeRun } from '../../src/state/format.ts';

/** A stand-in engine that remembers whether it was terminated. */
class FakeEngine {
  terminated = false;
  constructor(readonly workers: number) {}
  terminate(): void {
    this.terminated = true;
  }
}

/** A keeper whose engines are fakes, with the list of every engine it started. */
function fakeKeeper() {
  const started: FakeEngine[] = [];
  const keeper = new EngineKeeper(async (workers) => {
    const engine = new FakeEngine(workers);
    started.push(engine);
    return engine;
  });
  return { keeper, started };
}

/** Lets the keeper's promise callbacks run. */
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

describe('EngineKeeper', () => {
  it('reuses the engine while the worker count is unchanged', async () => {
    const { keeper, started } = fakeKeeper();
    const first = await keeper.forTraining(4);
    keeper.served(first);
    expect(await keeper.forTraining(4)).toBe(first);
    expect(started).toHaveLength(1);
  });

  it('keeps the old engine answering queries until a fit on the new one succeeds, then terminates it', async () => {
    const { keeper } = fakeKeeper();
    const old = await keeper.forTraining(4);
    keeper.served(old);
    const fresh = await keeper.forTraining(2);
    await settle();
    expect(fresh.workers).toBe(2);
    expect(old.terminated).toBe(false);
    expect(keeper.serving).toBe(old);
    keeper.served(fresh);
    expect(old.terminated).toBe(true);
    expect(fresh.terminated).toBe(false);
    expect(keeper.serving).toBe(fresh);
  });

  it('terminates an engine that never held a model as soon as the count changes again', async () => {
    const { keeper } = fakeKeeper();
    const unused = await keeper.forTraining(3);
    const next = await keeper.forTraining(5);
    await settle();
    expect(unused.terminated).toBe(true);
    expect(next.terminated).toBe(false);
  });

  it('drops a model without stopping the engine the next fit will use', async () => {
    const { keeper } = fakeKeeper();
    const engine = await keeper.forTraining(4);
    keeper.served(engine);
    keeper.dropModel();
    expect(keeper.serving).toBeNull();
    expect(engine.terminated).toBe(false);

    const old = engine;
    keeper.served(old);
    const fresh = await keeper.forTraining(6);
    await settle();
    keeper.dropModel();
    expect(old.terminated).toBe(true);
    expect(fresh.terminated).toBe(false);
  });

  it('tries again after an engine fails to start', async () => {
    let attempts = 0;
    const keeper = new EngineKeeper(async (workers) => {
      attempts++;
      if (attempts === 1) throw new Error('no WebAssembly');
      return new FakeEngine(workers);
    });
    await expect(keeper.forTraining(2)).rejects.toThrow('no WebAssembly');
    expect((await keeper.forTraining(2)).workers).toBe(2);
  });
});
