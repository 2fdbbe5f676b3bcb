import type { Tenant } from './http/tenant.js';

/**
 * The one source of "now". Token lifetimes, signature windows and every stored
 * timestamp read the clock through this interface, so tests can move time by hand.
 */
export interface Clock {
  /** Milliseconds since the UNIX epoch. */
  nowMs(): number;
}

/**
 * The clock the server runs on (`ctx.clock`): the sandbox clock of README's The sandbox clock. Its own
 * `nowMs()` is the global clock (the journal's `at`, anything of no tenant); `of(tenant)` is the
 * clock that judges a tenant's requests and stamps its data (the global clock plus the tenant's
 * own offset); `real` is the clock it is built on, which the sandbox never moves.
 */
export interface AppClock extends Clock {
  /** The clock of a tenant's requests: the global clock plus the tenant's offset (none: the global clock). */
  of(tenant: Tenant | null): Clock;
  /** Real time, as the base clock gives it: what the sandbox clock is moved against. */
  readonly real: Clock;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
};

/** Whole UNIX seconds, as both platforms report time. */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}

/** An AppClock that is never moved: every tenant's clock is `base` itself (stores used without a server). */
export function unmovedClock(base: Clock): AppClock {
  return { nowMs: () => base.nowMs(), of: () => base, real: base };
}

/** A clock that only moves when told to; for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.UTC(2026, 0, 1)) {}

  nowMs(): number {
    return this.ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }

  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
