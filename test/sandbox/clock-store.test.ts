import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/index.js';
import { SandboxClock } from '../../src/sandbox/clock/store.js';
import { readClock } from '../../src/sandbox/clock/state.js';

describe('the sandbox clock’s cache', () => {
  it('keeps the last state when a refresh fails, and says so once', async () => {
    const database = await openDatabase(':memory:');
    const real = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
    const clock = await SandboxClock.open(real, database);
    await clock.change(null, { advanceMs: 60_000, freeze: true });
    const failures: unknown[] = [];
    clock.refreshEvery(20, (err) => failures.push(err));
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock.stop();
    expect(failures).toHaveLength(1);
    expect(clock.nowMs()).toBe(real.nowMs() + 60_000);
    real.advanceSeconds(5);
    expect(readClock(clock.current(), real.nowMs(), null)).toEqual({
      now: new Date(Date.UTC(2026, 10, 23, 3, 1, 0)).toISOString(),
      offsetMs: 55_000,
      frozen: true,
    });
  });

  it('answers a tenant’s clock from memory, following later changes', async () => {
    const database = await openDatabase(':memory:');
    try {
      const real = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
      const clock = await SandboxClock.open(real, database);
      const merchant = clock.of({ merchant: 'k' });
      expect(merchant.nowMs()).toBe(real.nowMs());
      await clock.change({ merchant: 'k' }, { advanceMs: 1_000 });
      await clock.change(null, { advanceMs: 500 });
      expect(merchant.nowMs()).toBe(real.nowMs() + 1_500);
      expect(clock.of({ vendor: 'k' }).nowMs()).toBe(real.nowMs() + 500);
      expect(clock.of(null)).toBe(clock);
      await clock.reset({ merchant: 'k' });
      expect(merchant.nowMs()).toBe(real.nowMs() + 500);
    } finally {
      await database.close();
    }
  });
});
