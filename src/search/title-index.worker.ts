/**
 * The title-index worker: builds the search index's data off the main thread (300-900 ms for a 60,000-title
 * catalogue would freeze the page). The main thread wraps the answer with `titleIndexFromData` and searches there.
 */
import { expose, transfer } from 'comlink';
import type { TitleIndexWorkerApi } from './api.ts';
import { unpackStrings } from '../persistence/strings.ts';
import { buildTitleIndexData } from './title-index.ts';

const api = {
  build(titles, popularity) {
    const data = buildTitleIndexData(unpackStrings(titles), popularity);
    const { words } = data;
    const arrays: { buffer: ArrayBuffer }[] = [
      ...[data.itemStart, data.articleLength, data.primaryEnd, data.primaryYearEnd, data.fullEnd],
      ...[data.boundaryFlags, data.popularityRank],
      ...[words.wordStart, words.letters, words.postingStart, words.postingItems],
    ];
    return transfer(
      data,
      arrays.map((array) => array.buffer),
    );
  },
} satisfies TitleIndexWorkerApi;

expose(api);
