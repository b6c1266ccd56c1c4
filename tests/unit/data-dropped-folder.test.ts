/**
 * A dropped folder is walked through the File and Directory Entries API (webkitGetAsEntry), including readEntries'
 * batches of at most 100 entries; Playwright cannot drop a real directory, so the entries are made here.
 */
import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../../src/ui/load/droppedFiles.ts';

function fileEntry(name: string): FileSystemFileEntry {
  return {
    isFile: true,
    isDirectory: false,
    name,
    file: (resolve: (file: File) => void) => resolve(new File([name], name)),
  } as unknown as FileSystemFileEntry;
}

/** A directory whose reader hands out its children `batch` at a time, then an empty batch, as browsers do. */
function directoryEntry(name: string, children: FileSystemEntry[], batch = 100): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let next = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) => {
          resolve(children.slice(next, next + batch));
          next += batch;
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function transferOf(entries: FileSystemEntry[], files: File[] = []): DataTransfer {
  const items = entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry }));
  return { items, files } as unknown as DataTransfer;
}

describe('droppedFiles', () => {
  it('opens a dropped release folder, nested folders and all, across several readEntries batches', async () => {
    const many = Array.from({ length: 230 }, (_, i) => fileEntry(`extra-${i}.csv`));
    const folder = directoryEntry('ml-latest-small', [
      fileEntry('ratings.csv'),
      fileEntry('movies.csv'),
      directoryEntry('more', many, 100),
    ]);
    const files = await droppedFiles(transferOf([folder, fileEntry('posters.csv')]));
    expect(files).toHaveLength(2 + 230 + 1);
    expect(files.slice(0, 2).map((file) => file.name)).toEqual(['ratings.csv', 'movies.csv']);
    expect(files.at(-1)?.name).toBe('posters.csv');
  });

  it('falls back to the plain file list when the browser gives no entries', async () => {
    const plain = [new File(['x'], 'ratings.csv')];
    const transfer = { items: [], files: plain } as unknown as DataTransfer;
    expect(await droppedFiles(transfer)).toEqual(plain);
  });
});
