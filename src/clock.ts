/**
 * The one source of "now". Token lifetimes, signature windows and every stored
 * timestamp read the clock through this interface, so tests can move time by hand.
 */
export interface Clock {
  /** Milliseconds since the UNIX epoch. */
  nowMs(): number;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
};

/** Whole UNIX seconds, as both platforms report time. */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
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
