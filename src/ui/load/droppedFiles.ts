/**
 * The files in a drop, with dropped folders opened (one level of MovieLens folder, or nested ones).
 * Uses the File and Directory Entries API (webkitGetAsEntry), which Chromium, Firefox and Safari implement;
 * falls back to DataTransfer.files where it is missing.
 */

/** True when a drag carries files (not text or a link), so the page should offer itself as a drop target. */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Every file in the drop, folders walked recursively. */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  // Entries must be taken synchronously: the DataTransfer is emptied once the event handler returns.
  const entries = Array.from(transfer.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is FileSystemEntry => entry != null);
  if (entries.length === 0) return Array.from(transfer.files);
  const files: File[] = [];
  for (const entry of entries) await collect(entry, files);
  return files;
}

async function collect(entry: FileSystemEntry, into: File[]): Promise<void> {
  if (entry.isFile) {
    into.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call; call until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await collect(child, into);
  }
}
