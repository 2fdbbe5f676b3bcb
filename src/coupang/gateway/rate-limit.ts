import type { Clock } from '../../clock.js';

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * A token bucket per key: `perSecond` tokens when full, refilled continuously at `perSecond`
 * tokens a second. Each request takes one; an empty bucket refuses. `perSecond` 0 turns the
 * limit off. Buckets live in this process's memory, as a gateway's counters do.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Takes a token for `key`; false when none is left. */
  take(key: string): boolean {
    if (this.perSecond <= 0) return true;
    const now = this.clock.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, atMs: now };
    // A clock set back refills nothing.
    const elapsedMs = Math.max(0, now - bucket.atMs);
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + (elapsedMs * this.perSecond) / 1000);
    bucket.atMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
