// The fit applies the feedback setting itself (src/data/weighting.ts in the engine's setup), and its opt-in
// per-iteration factor snapshots leave the answer unchanged: both memory paths, in Node worker threads.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FitSettings } from '../../src/engine/api';
import { Engine } from '../../src/engine/pool';
import { weightedDataset } from '../../src/data/weighting';
import { nodePlatform } from '../bench/node-platform';
import { randomDataset } from '../support/matrices';

const engines: Engine[] = [];
afterAll(() => engines.forEach((e) => e.terminate()));
async function engine(memory: 'shared' | 'copy'): Promise<Engine> {
  const e = await Engine.start({ platform: nodePlatform, workers: 2, memory });
  engines.push(e);
  return e;
}

const settings: FitSettings = { ...DEFAULT_SETTINGS, factors: 9, iterations: 3 };
const data = randomDataset(300, 200, 12, 11);

describe.each(['shared', 'copy'] as const)('fit with feedback weighting (%s memory)', (memory) => {
  it('bm25, tf-idf and liked-only fits equal fits of the weighted matrix', async () => {
    const e = await engine(memory);
    for (const feedback of ['bm25', 'tfidf', 'liked'] as const) {
      const weighted = await weightedDataset(data, { feedback, likedThreshold: 3.5 });
      expect(weighted).not.toBe(data);
      const direct = await e.fit(weighted, settings);
      const viaSetting = await e.fit(data, { ...settings, feedback, likedThreshold: 3.5 });
      expect(viaSetting.itemFactors).toEqual(direct.itemFactors);
      expect(viaSetting.userFactors).toEqual(direct.userFactors);
      expect(viaSetting.settings.feedback).toBe(feedback);
      const plain = await e.fit(data, settings);
      expect(plain.itemFactors).not.toEqual(direct.itemFactors);
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
