/** The worker bridge: a stopped worker ends its calls with a named error and the next call gets a fresh one. */
import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { WorkerBridge, type WorkerLike } from '../../src/workers/bridge.ts';
import { isAbortError, WorkerStoppedError } from '../../src/errors.ts';

interface Api {
  echo(value: number): number;
  never(): Promise<never>;
}

/** A worker made of a MessageChannel: the far port exposes Api; `crash` fires the error event a worker would. */
function fakeWorker(): WorkerLike & { crash(message: string): void; terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  expose({ echo: (value: number) => value, never: () => new Promise(() => undefined) } satisfies Api, port2);
  const worker = Object.assign(port1, {
    terminated: false,
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
    crash(message: string) {
      port1.dispatchEvent(Object.assign(new Event('error'), { message }));
    },
  });
  port1.start();
  return worker as unknown as WorkerLike & { crash(message: string): void; terminated: boolean };
}

describe('WorkerBridge', () => {
  it('starts the worker on the first call and reuses it', async () => {
    const started: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<Api>(() => started[started.push(fakeWorker()) - 1], { label: 'test worker' });
    expect(await bridge.call((api, { fresh }) => (expect(fresh).toBe(true), api.echo(1)))).toBe(1);
    expect(await bridge.call((api, { fresh }) => (expect(fresh).toBe(false), api.echo(2)))).toBe(2);
    expect(bridge.starts).toBe(1);
    bridge.stop();
  });

  it('ends a pending call with a named error when the worker stops, then starts a fresh worker', async () => {
    const started: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<Api>(() => started[started.push(fakeWorker()) - 1], { label: 'file reader' });
    const pending = bridge.call((api) => api.never());
    started[0].crash('out of memory');
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerStoppedError);
    expect((error as Error).message).toBe('the file reader stopped unexpectedly (out of memory)');
    expect(started[0].terminated).toBe(true);
    expect(await bridge.call((api, { fresh }) => (expect(fresh).toBe(true), api.echo(3)))).toBe(3);
    expect(bridge.starts).toBe(2);
    bridge.stop();
  });

  it('tells the next call why the worker before it crashed while idle, and only that call', async () => {
    const started: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<Api>(() => started[started.push(fakeWorker()) - 1], { label: 'training worker' });
    const contexts: { fresh: boolean; crashed: string | null }[] = [];
    const call = () => bridge.call((api, context) => (contexts.push(context), api.echo(1)));
    await call();
    started[0].crash('Uncaught Error: killed');
    await call();
    await call();
    bridge.stop(); // on purpose: no crash to tell
    await call();
    expect(contexts).toEqual([
      { fresh: true, crashed: null },
      { fresh: true, crashed: 'Uncaught Error: killed' },
      { fresh: false, crashed: null },
      { fresh: true, crashed: null },
    ]);
    bridge.stop();
  });

  it('terminates the worker when a call is aborted, and the other calls on it end too', async () => {
    const started: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<Api>(() => started[started.push(fakeWorker()) - 1], { label: 'map' });
    const controller = new AbortController();
    const first = bridge.call((api) => api.never(), controller.signal);
    const other = bridge.call((api) => api.never());
    controller.abort();
    expect(isAbortError(await first.catch((e: unknown) => e))).toBe(true);
    expect(isAbortError(await other.catch((e: unknown) => e))).toBe(true);
    expect(started[0].terminated).toBe(true);
    expect(await bridge.call((api) => api.echo(4))).toBe(4);
    bridge.stop();
  });

  it('stops an idle worker after idleMs', async () => {
    const started: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<Api>(() => started[started.push(fakeWorker()) - 1], { label: 'x', idleMs: 10 });
    await bridge.call((api) => api.echo(1));
    expect(bridge.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bridge.running).toBe(false);
    expect(started[0].terminated).toBe(true);
  });
});
