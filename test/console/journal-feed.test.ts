import { describe, expect, it } from 'vitest';
import { mergeEntries, overlaps } from '../../console/src/journal-feed.js';
import type { JournalEntry } from '../../src/client/index.js';

const at = (second: number) => `2026-12-04T09:15:${String(second).padStart(2, '0')}.000Z`;
const e = (id: number, second = id): JournalEntry =>
  ({ id: String(id), at: at(second), path: `/p/${id}` }) as unknown as JournalEntry;
const ids = (entries: JournalEntry[]) => entries.map((x) => Number(x.id));

describe('the live journal list', () => {
  it('puts new entries first and keeps older ones the read did not reach', () => {
    const known = [e(3), e(2), e(1)];
    expect(ids(mergeEntries(known, [e(5), e(4), e(3)], false))).toEqual([5, 4, 3, 2, 1]);
  });

  it('drops what the journal no longer holds: within the read, or all but the read when it was complete', () => {
    const known = [e(4), e(3), e(2), e(1)];
    // 3 was deleted; 1 and 2 lie beyond the read, so they stay.
    expect(ids(mergeEntries(known, [e(5), e(4), e(2)], false))).toEqual([5, 4, 2, 1]);
    // The read was the whole journal: what it did not bring is gone (a reset, a tenant deleted).
    expect(ids(mergeEntries(known, [e(4)], true))).toEqual([4]);
    expect(mergeEntries(known, [], true)).toEqual([]);
  });

  it('orders ties in time by id, as numbers, and keeps at most the limit', () => {
    const merged = mergeEntries([], [e(9, 1), e(10, 1), e(2, 0)], true, 2);
    expect(ids(merged)).toEqual([10, 9]);
  });

  it('tells whether a read met what the list holds', () => {
    expect(overlaps([], [e(1)])).toBe(true);
    expect(overlaps([e(2), e(1)], [e(3), e(2)])).toBe(true);
    expect(overlaps([e(2), e(1)], [e(4), e(3)])).toBe(false);
  });
});
