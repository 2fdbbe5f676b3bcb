/**
 * The live journal's list: the newest entries first, each once, however the pages that bring
 * them overlap. Pure, so that its rules are tested without a browser.
 */
import type { JournalEntry } from '../../src/sandbox/control-schemas.js';

/** How many entries the live list keeps; older ones are paged in on request. */
export const FEED_LIMIT = 1000;

/** Newest first: by `at`, then by id, as the journal orders them. */
function newestFirst(a: JournalEntry, b: JournalEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return compareIds(b.id, a.id);
}

/** Ids are opaque, but decimal ones compare as numbers (the same length first). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * `known` brought up to date by `newest`, the journal's newest entries as just read (newest
 * first): new entries in their place, and known entries gone from the journal (deleted, reset,
 * pushed out by its size) dropped, so that the list holds only what the journal holds. `complete`:
 * `newest` is all the journal has (no further page). At most `limit` entries, newest first.
 */
export function mergeEntries(
  known: readonly JournalEntry[],
  newest: readonly JournalEntry[],
  complete: boolean,
  limit = FEED_LIMIT,
): JournalEntry[] {
  const oldestRead = newest.at(-1);
  const ids = new Set(newest.map((e) => e.id));
  // What the read covered and did not bring back is gone from the journal.
  const kept = known.filter(
    (e) => !ids.has(e.id) && !complete && oldestRead !== undefined && newestFirst(e, oldestRead) > 0,
  );
  return [...newest, ...kept].sort(newestFirst).slice(0, limit);
}

/** Whether a page of newest entries reached back to what the list already holds (else more arrived since). */
export function overlaps(known: readonly JournalEntry[], page: readonly JournalEntry[]): boolean {
  if (known.length === 0) return true;
  const ids = new Set(known.map((e) => e.id));
  return page.some((e) => ids.has(e.id));
}
