// The engine worker for Node worker threads (benchmark and unit tests): the same kernel host as the browser's.
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createKernelHost } from '../../src/engine/kernel-host';

expose(createKernelHost(), nodeEndpoint(parentPort!));
