// The Trainer fits the confidences it is given (the caller weights them first with src/data/weighting.ts, as
// implicit's bm25_weight is applied before fit; the setting is only recorded), and its opt-in per-iteration factor
// snapshots leave the answer unchanged: both memory paths, in Node worker threads.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FitSettings } from '../../src/engine/api';
import { Trainer } from '../../src/engine/trainer';
import { weightedDataset } from '../../src/data/weighting';
import { nodePlatform } from '../bench/node-platform';
import { randomDataset } from '../support/matrices';

const engines: Trainer[] = [];
afterAll(() => engines.forEach((e) => e.terminate()));
async function engine(memory: 'shared' | 'copy'): Promise<Trainer> {
  const e = await Trainer.start({ platform: nodePlatform, workers: 2, memory });
  engines.push(e);
  return e;
}

const settings: FitSettings = { ...DEFAULT_SETTINGS, factors: 9, iterations: 3 };
const data = randomDataset(300, 200, 12, 11);

describe.each(['shared', 'copy'] as const)('fit with feedback weighting (%s memory)', (memory) => {
  it('bm25, tf-idf and liked-only: the weighted matrix is fitted as given, the setting only recorded', async () => {
    const e = await engine(memory);
    const plain = await e.fit(data, settings);
    for (const feedback of ['bm25', 'tfidf', 'liked'] as const) {
      const weighted = await weightedDataset(data, { feedback, likedThreshold: 3.5 });
      expect(weighted).not.toBe(data);
      const direct = await e.fit(weighted, settings);
      const recorded = await e.fit(weighted, { ...settings, feedback, likedThreshold: 3.5 });
      expect(recorded.itemFactors).toEqual(direct.itemFactors);
      expect(recorded.userFactors).toEqual(direct.userFactors);
      expect(recorded.settings.feedback).toBe(feedback);
      expect(plain.itemFactors).not.toEqual(direct.itemFactors);
      // The Trainer never weights: the setting on the raw ratings fits the raw ratings.
      const unweighted = await e.fit(data, { ...settings, feedback, likedThreshold: 3.5 });
      expect(unweighted.itemFactors).toEqual(plain.itemFactors);
    }
  });

  it('per-iteration snapshots: one per iteration, the last equals the model, the model unchanged', async () => {
    const e = await engine(memory);
    const snapshots: { iteration: number; users: Float32Array; items: Float32Array }[] = [];
    const withSnapshots = await e.fit(data, settings, undefined, undefined, (iteration, users, items) =>
      snapshots.push({ iteration, users, items }),
    );
    const without = await e.fit(data, settings);
    expect(snapshots.map((s) => s.iteration)).toEqual([1, 2, 3]);
    expect(snapshots[2].users).toEqual(withSnapshots.userFactors);
    expect(snapshots[2].items).toEqual(withSnapshots.itemFactors);
    expect(snapshots[0].items).not.toEqual(snapshots[2].items);
    expect(withSnapshots.itemFactors).toEqual(without.itemFactors);
    // Snapshots are copies: the model's arrays are not the snapshot's.
    expect(snapshots[2].items).not.toBe(withSnapshots.itemFactors);
  });
});
