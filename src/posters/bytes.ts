/** Sizes in words for the Posters panel. */

/** Bytes as "0 B", "850 kB", "12.4 MB", "1.20 GB" (SI units, as browsers' storage pages show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.max(0, Math.round(bytes))} B`;
  if (bytes < 1e6) return `${Math.round(bytes / 1e3)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
