/** The cancellable run: phases, the latest answer winning, and failures in words. */
import { describe, expect, it } from 'vitest';
import { Run } from '../../src/state/run.svelte.ts';

const failure = (text: string) => `It stopped: ${text}.`;

describe('Run', () => {
  it('is done with the answer, and failed with the sentence', async () => {
    const run = new Run(failure);
    expect(await run.start(async ({ report }) => (report({ value: 1, max: 2, step: 'half' }), 42))).toBe(42);
    expect(run.phase).toBe('done');
    expect(run.progress).toEqual({ value: 1, max: 2, step: 'half' });
    expect(await run.start(async () => Promise.reject(new Error('bad row')))).toBeNull();
    expect(run.phase).toBe('failed');
    expect(run.error).toBe('It stopped: bad row.');
  });

  it('refuses a second run while one runs, unless it replaces it; a replaced run writes nothing', async () => {
    const run = new Run(failure);
    let release: (value: number) => void = () => undefined;
    const first = run.start(({ signal }) => new Promise<number>((resolve) => ((release = resolve), void signal)));
    expect(await run.start(async () => 2)).toBeNull();
    const second = run.start(async () => 3, { whileRunning: 'replace' });
    release(1);
    expect(await first).toBeNull();
    expect(await second).toBe(3);
    expect(run.phase).toBe('done');
  });

  it('is cancelled when cancel() aborts the work', async () => {
    const run = new Run(failure);
    const pending = run.start(
      ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))),
    );
    run.cancel();
    expect(await pending).toBeNull();
    expect(run.phase).toBe('cancelled');
    expect(run.error).toBeNull();
  });

  it('forgets a run in flight on reset', async () => {
    const run = new Run(failure);
    const pending = run.start(({ check }) => Promise.resolve().then(() => (check(), 5)));
    run.reset();
    expect(await pending).toBeNull();
    expect(run.phase).toBe('idle');
  });

  it('says a failure with the sentence given to that run, when there is one', async () => {
    const run = new Run(failure);
    const fail = async () => Promise.reject(new Error('no memory'));
    await run.start(fail, { failure: (text) => `The UMAP map could not be computed: ${text}.` });
    expect(run.error).toBe('The UMAP map could not be computed: no memory.');
    await run.start(fail);
    expect(run.error).toBe('It stopped: no memory.');
  });

  it('lets a replaced run see that it was replaced before it writes (check throws, current is false)', async () => {
    const run = new Run(failure);
    const written: number[] = [];
    let release: () => void = () => undefined;
    const first = run.start(async ({ check, current }) => {
      await new Promise<void>((resolve) => (release = resolve));
      expect(current()).toBe(false);
      check();
      written.push(1);
    });
    const second = run.start(async ({ check }) => (check(), written.push(2)), { whileRunning: 'replace' });
    release();
    await Promise.all([first, second]);
    expect(written).toEqual([2]);
    expect(run.phase).toBe('done');
  });
});
