/**
 * The title-index worker: builds the search index's data off the main thread (300-900 ms for a 60,000-title
 * catalogue would freeze the page). The main thread wraps the answer with `titleIndexFromData` and searches there.
 */
import { expose, transfer } from 'comlink';
import type { TitleIndexWorkerApi } from './api.ts';
import { buildTitleIndexData } from './title-index.ts';

const api = {
  build(titles, popularity) {
    const data = buildTitleIndexData(titles, popularity);
    const { itemStart, articleLength, primaryEnd, primaryYearEnd, fullEnd, boundaryFlags, popularityRank } = data;
    const arrays = [itemStart, articleLength, primaryEnd, primaryYearEnd, fullEnd, boundaryFlags, popularityRank];
    return transfer(
      data,
      arrays.map((array) => array.buffer),
    );
  },
} satisfies TitleIndexWorkerApi;

expose(api);
