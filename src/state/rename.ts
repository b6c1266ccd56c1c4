/**
 * Renaming the loaded dataset. A dataset's name labels it everywhere (the status line, the Library, an exported
 * model's file name) and keys its likes in localStorage, so a new name is a new Dataset object with the same
 * arrays (same ratings: the model, the saved models and the runs stay valid) and the likes are copied over.
 */
import type { Dataset } from '../data/types.ts';
import { readLikes, writeLikes } from './likes-store.ts';

/** Longest name kept; a longer one is a paste accident. */
export const MAX_DATASET_NAME = 80;

/** The dataset under a new name, or a message for people when the name cannot be used. */
export function renamedDataset(dataset: Dataset, name: string): Dataset | string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (trimmed === '') return 'A name needs at least one letter or digit.';
  if (trimmed.length > MAX_DATASET_NAME) return `Keep the name under ${MAX_DATASET_NAME} characters.`;
  return { ...dataset, name: trimmed };
}

/** Copies the likes kept under one dataset name to another (when the new one has none of its own). */
export function carryLikes(storage: Storage | null, from: string, to: string): void {
  const likes = readLikes(storage, from);
  if (likes.length === 0 || readLikes(storage, to).length > 0) return;
  writeLikes(storage, to, likes);
}

/** The page's localStorage, or null where it is refused (a sandboxed or privacy-locked page). */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
