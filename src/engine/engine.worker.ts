/// <reference lib="webworker" />
// The browser's engine worker: the kernel host behind comlink. Results are fresh copies, so they are transferred.
import { expose, transfer } from 'comlink';
import type { EngineApi } from './api';
import { createKernelHost } from './kernel-host';

const host = createKernelHost();

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
  readRows: (...args) => {
    const rows = host.readRows(...args);
    return transfer(rows, [rows.buffer]);
  },
} satisfies EngineApi;

expose(api);
