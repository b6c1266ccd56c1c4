/**
 * Reading a Chromium trace (the Trace Event Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU)
 * for main-thread work: each task's wall and CPU time (RunTask's `dur` and `tdur`), whether it ran JavaScript, and
 * the spans of the page's own performance.measure() entries, on the trace's clock.
 */

/** A trace event: complete events have ph 'X', dur and tdur in microseconds; user timing spans are 'b'/'e'. */
export interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** One main-thread task. */
export interface MainThreadTask {
  /** Start and end on the trace's clock (microseconds). */
  at: number;
  endAt: number;
  wallMs: number;
  cpuMs: number;
  /** True when it ran JavaScript (an event handler, a message, a timer...), not only rendering or collecting garbage. */
  runsScript: boolean;
}

/** Events inside a task that mean JavaScript ran in it. */
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'EvaluateScript',
  'HandlePostMessage',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'RunYieldContinuation',
  'RunMicrotasks',
]);

/** The renderer main threads (CrRendererMain) in a trace, as "pid:tid". */
function mainThreads(events: TraceEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/** Main-thread tasks in a trace, in order, with wall and CPU milliseconds. */
export function mainThreadTasks(events: TraceEvent[]): MainThreadTask[] {
  const mains = mainThreads(events);
  const onMain = events
    .filter((e) => mains.has(`${e.pid}:${e.tid}`) && (e.ph === 'X' || e.ph === 'I' || e.ph === 'i'))
    .sort((a, b) => a.ts - b.ts);
  const tasks: MainThreadTask[] = [];
  for (let i = 0; i < onMain.length; i++) {
    const e = onMain[i];
    if (e.ph !== 'X' || e.name !== 'RunTask') continue;
    const endAt = e.ts + (e.dur ?? 0);
    let runsScript = false;
    for (let j = i + 1; j < onMain.length && onMain[j].ts <= endAt && !runsScript; j++) {
      runsScript = SCRIPT_EVENTS.has(onMain[j].name);
    }
    tasks.push({ at: e.ts, endAt, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? e.dur ?? 0) / 1000, runsScript });
  }
  return tasks;
}

/** The first span the page measured under `name` (performance.measure), on the trace's clock; null if none. */
export function measuredSpan(events: TraceEvent[], name: string): { start: number; end: number } | null {
  const timing = events.filter((e) => e.name === name && e.cat?.includes('blink.user_timing'));
  const start = timing.find((e) => e.ph === 'b');
  const end = start && timing.find((e) => e.ph === 'e' && e.ts >= start.ts);
  return start && end ? { start: start.ts, end: end.ts } : null;
}
