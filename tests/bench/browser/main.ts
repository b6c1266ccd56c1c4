// The benchmark page: runs the same suite as Node, in this tab, with the browser's worker pool.
import { Reader } from '../../../src/data/reader';
import { runSuite, type BenchPlan, type BenchRecord } from '../suite';

declare global {
  interface Window {
    benchEmit(record: BenchRecord): Promise<void>;
    benchLog(message: string): Promise<void>;
    runBench(plan: BenchPlan, memory: 'auto' | 'shared' | 'copy'): Promise<void>;
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
