// An engine worker for Node worker threads (benchmark and unit tests): the same kernel hosts as the browser's
// train.worker.ts and query.worker.ts, the kind chosen by workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createQueryHost, createTrainingHost } from '../../src/engine/kernel-host';

const kind = (workerData as { kind?: string } | null)?.kind;
expose(kind === 'query' ? createQueryHost() : createTrainingHost(), nodeEndpoint(parentPort!));
