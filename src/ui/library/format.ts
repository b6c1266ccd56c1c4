/** Words and numbers of the Library: sizes and dates. */

/** Made on first use: a first `Intl` object costs ~20 ms of ICU set-up, and this module loads with the first screen. */
let dateFormat: Intl.DateTimeFormat | undefined;

/** Bytes as "840 KB", "3.2 MB", "1.5 GB" (powers of 1,000, as storage is sold). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A save date, e.g. "27 Nov 2026, 06:30". */
export function formatDate(epochMs: number): string {
  dateFormat ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(epochMs);
}

/** Starts a download of a file the app made (an exported model). */
export function download(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.click();
  // Revoke later: the download reads the URL after this task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
