/**
 * Words and numbers the UI shows, kept pure so they can be unit-tested without a browser.
 * The status line's form ("610 users · 9,724 movies · 100,836 ratings") is part of the interface: tests read it.
 */
import type { Dataset, SkippedRows } from '../data/types.ts';

const countFormat = new Intl.NumberFormat('en-US');

/** A count with en-US thousands separators, e.g. 100836 -> "100,836". */
export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** "1 rating" / "2 ratings": a count followed by the right form of the noun. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** The dataset summary for the status region: "610 users · 9,724 movies · 100,836 ratings" (U+00B7 with spaces). */
export function datasetSummary(dataset: Pick<Dataset, 'users' | 'items' | 'nnz'>): string {
  return [plural(dataset.users, 'user'), plural(dataset.items, 'movie'), plural(dataset.nnz, 'rating')].join(' · ');
}

/** Milliseconds as seconds with two decimals, e.g. 312 -> "0.31 s". */
export function formatSeconds(elapsedMs: number): string {
  return `${(elapsedMs / 1000).toFixed(2)} s`;
}

/** One sentence about skipped rows: which file, how many, the first line numbers and why. */
export function describeSkipped(skipped: SkippedRows): string {
  const lines = skipped.firstLines.join(', ');
  const more = skipped.count > skipped.firstLines.length ? ', …' : '';
  const where = lines ? ` (line${skipped.firstLines.length === 1 ? '' : 's'} ${lines}${more})` : '';
  const why = skipped.firstReason ? `: ${skipped.firstReason}` : '';
  return `${skipped.file}: skipped ${plural(skipped.count, 'row')}${where}${why}.`;
}

const trailingYear = /\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$/;
const trailingArticle = /^(.*), (The|A|An|Les|La|Le|L'|Il|Das|Der|Die|El)$/;

/**
 * A title for display: the year suffix removed and a trailing article moved to the front, as MovieLens
 * stores "American President, The (1995)" (MovieLens README: titles are entered as on IMDb, article last).
 */
export function displayTitle(catalogTitle: string): string {
  const withoutYear = catalogTitle.replace(trailingYear, '').trim();
  const article = trailingArticle.exec(withoutYear);
  if (!article) return withoutYear || catalogTitle;
  const [, rest, word] = article;
  return word.endsWith("'") ? `${word}${rest}` : `${word} ${rest}`;
}

/** The accessible text of a film: display title and year, e.g. "The American President (1995)". */
export function titleWithYear(catalogTitle: string, year: number): string {
  const title = displayTitle(catalogTitle);
  return year > 0 ? `${title} (${year})` : title;
}
