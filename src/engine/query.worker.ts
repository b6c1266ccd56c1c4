/// <reference lib="webworker" />
// The browser's query worker: one model's factors and the queries about them (the query host behind comlink).
import { expose } from 'comlink';
import type { QueryApi } from './api';
import { createQueryHost } from './kernel-host';

expose(createQueryHost() satisfies QueryApi);
