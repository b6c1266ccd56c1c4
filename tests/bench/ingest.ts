/**
 * Ingest throughput, the same in Node (run.ts) and in a Chromium worker (browser/ingest.worker.ts): one ratings
 * file read through the real path (ingestPlainFile: file.stream() -> the numeric fast path) and indexed
 * (buildDataset: ids remapped, CSR both ways), as Reader.load does. Memory is measured outside, by the caller.
 */
import { buildDataset } from '../../src/data/build';
import type { RatingsPart } from '../../src/data/formats/format';
import { ingestPlainFile } from '../../src/data/sources';
import type { Dataset } from '../../src/data/types';
import type { BenchRecord } from './suite';

/** Bytes of the finished matrices (both orientations, with their indptrs): the "final matrix bytes". */
export function matrixBytes(dataset: Dataset): number {
  const { userItems, itemUsers } = dataset;
  return [userItems, itemUsers].reduce(
    (sum, csr) => sum + csr.indptr.byteLength + csr.indices.byteLength + csr.values.byteLength,
    0,
  );
}

/** Reads and indexes `file` once; the record has seconds, rows and mb_per_s (10^6 bytes per second). */
export async function timeIngest(file: File, engine: 'node' | 'chromium'): Promise<BenchRecord> {
  const started = performance.now();
  const outcome = await ingestPlainFile(file);
  const parsed = performance.now();
  if (!outcome || outcome.status !== 'accepted')
    throw new Error(`${file.name} was not read: ${JSON.stringify(outcome)}`);
  const { dataset } = buildDataset(outcome.part as RatingsPart, { movies: null, links: null, posters: null });
  const indexed = performance.now();
  const seconds = (indexed - started) / 1000;
  return {
    kind: 'ingest',
    dataset: file.name,
    engine,
    bytes: file.size,
    rows: outcome.rows,
    users: dataset.users,
    items: dataset.items,
    nnz: dataset.nnz,
    seconds: Number(seconds.toFixed(3)),
    seconds_parse: Number(((parsed - started) / 1000).toFixed(3)),
    seconds_csr: Number(((indexed - parsed) / 1000).toFixed(3)),
    mb_per_s: Number((file.size / 1e6 / seconds).toFixed(1)),
    matrix_mb: Number((matrixBytes(dataset) / 2 ** 20).toFixed(1)),
  };
}
