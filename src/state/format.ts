/**
 * Words and numbers the UI shows, kept pure so they can be unit-tested without a browser.
 * The status line's form ("610 users · 9,724 movies · 100,836 ratings") is part of the interface: tests read it.
 */
import type { Dataset, SkippedRows } from '../data/types.ts';
import type { RunInfo } from '../engine/api.ts';

/** Made on first use: the page's first `Intl` object costs ~20 ms of ICU set-up, in the task that mounts the app. */
let countFormat: Intl.NumberFormat | undefined;

/**
 * A count with en-US thousands separators, e.g. 100836 -> "100,836". Whole numbers (every count the first screen
 * shows) are grouped here; anything else goes to `Intl.NumberFormat('en-US')`, which gives the same for whole numbers.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return (countFormat ??= new Intl.NumberFormat('en-US')).format(count);
  const digits = String(Math.abs(count));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return count < 0 ? `-${grouped}` : grouped;
}

let compactFormat: Intl.NumberFormat | undefined;
const COMPACT_UNITS = ['', 'K', 'M', 'B', 'T'];

/**
 * A count in en-US compact form with at most one decimal, e.g. 1250000 -> "1.3M", 999950 -> "1M": the loading
 * caption's rows and rows per second. Whole numbers below 10^15 are done here, as `Intl.NumberFormat('en-US',
 * { notation: 'compact', maximumFractionDigits: 1 })` does them (rounding half up, in decimal); anything else goes to
 * that formatter. Like `formatCount`, this keeps the ICU set-up out of the caption's first update while a file is read.
 */
export function formatCompact(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0 || count >= 1e15) {
    compactFormat ??= new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
    return compactFormat.format(count);
  }
  let unit = count < 1000 ? 0 : Math.floor(Math.log10(count) / 3);
  if (unit > 0 && 1000 ** unit > count) unit -= 1; // log10 can round up just below a power of ten
  // Tenths of the unit, rounded half up: an integer divided by a power of ten lands exactly on its halves.
  let tenths = unit === 0 ? count * 10 : Math.round(count / (100 * 1000 ** (unit - 1)));
  if (tenths >= 10_000 && unit < COMPACT_UNITS.length - 1) {
    unit += 1; // 999.95K rounds to 1000K, which is 1M
    tenths = Math.round(tenths / 1000);
  }
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}${COMPACT_UNITS[unit]}`;
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

/** How a fit ran, for the status line: "2 workers · shared memory" or "1 worker · copied factors". */
export function describeRun(run: Pick<RunInfo, 'workers' | 'memory'>): string {
  return `${plural(run.workers, 'worker')} · ${run.memory === 'shared' ? 'shared memory' : 'copied factors'}`;
}

/** One sentence about skipped rows: which file, how many, the first line numbers and why (per reason when several). */
export function describeSkipped(skipped: Omit<SkippedRows, 'reasons'> & Partial<Pick<SkippedRows, 'reasons'>>): string {
  const where = (lines: number[], count: number) =>
    lines.length === 0
      ? ''
      : ` (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}${count > lines.length ? ', …' : ''})`;
  if (skipped.reasons && skipped.reasons.length > 1) {
    const parts = skipped.reasons.map(
      (group) => `${plural(group.count, 'row')}${where(group.firstLines, group.count)}: ${group.example}`,
    );
    return `${skipped.file}: skipped ${plural(skipped.count, 'row')}: ${parts.join('; ')}.`;
  }
  const why = skipped.firstReason ? `: ${skipped.firstReason}` : '';
  return `${skipped.file}: skipped ${plural(skipped.count, 'row')}${where(skipped.firstLines, skipped.count)}${why}.`;
}
