/// <reference lib="webworker" />
// The browser's training worker: the training host behind comlink. Results are fresh copies, so they are transferred.
import { expose, transfer } from 'comlink';
import type { TrainApi } from './api';
import { createTrainingHost } from './kernel-host';

const host = createTrainingHost();

const api = {
  ...host,
  gram: (...args) => {
    const g = host.gram(...args);
    return transfer(g, [g.buffer]);
  },
  solve: (...args) => {
    const result = host.solve(...args);
    const buffers = [result.rows?.buffer, result.gram?.buffer].filter((b) => b !== undefined);
    return transfer(result, buffers as ArrayBuffer[]);
  },
  putRows: (...args) => {
    const buffer = host.putRows(...args);
    return transfer(buffer, [buffer]);
  },
  readRows: (...args) => {
    const rows = host.readRows(...args);
    return transfer(rows, [rows.buffer]);
  },
} satisfies TrainApi;

expose(api);
