// The benchmark page: runs the same suite as Node, in this tab, with the browser's worker pool.
import { wrap } from 'comlink';
import { Reader } from '../../../src/data/reader';
import { runSuite, type BenchPlan, type BenchRecord } from '../suite';

declare global {
  interface Window {
    benchEmit(record: BenchRecord): Promise<void>;
    benchLog(message: string): Promise<void>;
    runBench(plan: BenchPlan, memory: 'auto' | 'shared' | 'copy'): Promise<void>;
    runIngest(): Promise<BenchRecord>;
  }
}

window.runBench = (plan, memory) =>
  runSuite(
    {
      engine: 'chromium',
      engineOptions: { memory },
      async loadMovieLens() {
        const files: File[] = [];
        for (const name of ['ratings.csv', 'movies.csv', 'links.csv']) {
          const response = await fetch(`/__movielens/${name}`);
          if (!response.ok) return null;
          files.push(new File([await response.blob()], name));
        }
        return (await new Reader().load(files)).dataset;
      },
      emit: (record) => window.benchEmit(record),
      log: (message) => void window.benchLog(message),
    },
    plan,
  );

// Ingest: the file picked into #ratings (run.ts sets it from disk, as a person's drop would), timed in a worker.
window.runIngest = async () => {
  const file = (document.getElementById('ratings') as HTMLInputElement).files![0];
  const worker = new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await wrap<{ run(file: File): Promise<BenchRecord> }>(worker).run(file);
  } finally {
    worker.terminate();
  }
};
