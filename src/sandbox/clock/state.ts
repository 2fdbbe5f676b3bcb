/**
 * The sandbox clock's state and its arithmetic (README, The sandbox clock), pure: no database, no
 * real time of its own. `store.ts` keeps it in the database and in memory.
 */
import type { Tenant } from '../../http/tenant.js';

export interface ClockState {
  /** Running, the global clock is real time plus this (milliseconds). */
  offsetMs: number;
  /** Frozen, the instant the global clock stands at (epoch milliseconds); null while it runs. */
  frozenAtMs: number | null;
  /** Each tenant's own offset on top of the global clock, by `tenantKey`; a tenant not here has none. */
  tenants: ReadonlyMap<string, number>;
}

/** Real time: no offset, running, no tenant offsets. */
export const REAL_TIME: ClockState = { offsetMs: 0, frozenAtMs: null, tenants: new Map() };

/** The most an advance may take at once: ten years (README, The sandbox clock). */
export const MAX_ADVANCE_SECONDS = 315_360_000;

/**
 * The last instant the clock may reach: 9999-12-31T23:59:59.999Z, the last with a four-digit year
 * (ISO 8601 without sign), past which no stored timestamp of either platform's form is written.
 */
export const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The global clock's instant at real time `realMs`. */
export function globalNow(state: ClockState, realMs: number): number {
  return state.frozenAtMs ?? realMs + state.offsetMs;
}

/** The key of a tenant's offset: its kind and id, which cannot collide (the kind has no `:`). */
export function tenantKey(tenant: Tenant): string {
  return 'merchant' in tenant ? `merchant:${tenant.merchant}` : `vendor:${tenant.vendor}`;
}

/** A tenant's own offset (0 when it has none). */
function tenantOffset(state: ClockState, tenant: Tenant): number {
  return state.tenants.get(tenantKey(tenant)) ?? 0;
}

/**
 * An advance in whole milliseconds: the seconds asked, to the nearest millisecond, and at least
 * one (an advance above 0 always moves the clock).
 */
export function advanceMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

/** How a clock reads: `GET /sandbox/clock`'s answer. */
export interface ClockReading {
  now: string;
  offsetMs: number;
  frozen: boolean;
}

/**
 * The global clock's reading, or a tenant's. `offsetMs` is how far the clock is from the one it
 * is counted from: the global clock from real time (`now` minus real time, frozen or not), a
 * tenant's clock from the global clock (the tenant's own offset). `frozen` is the global clock's:
 * a tenant's clock stands still with it.
 */
export function readClock(state: ClockState, realMs: number, tenant: Tenant | null): ClockReading {
  const global = globalNow(state, realMs);
  const own = tenant ? tenantOffset(state, tenant) : global - realMs;
  return {
    now: new Date(tenant ? global + own : global).toISOString(),
    offsetMs: own,
    frozen: state.frozenAtMs !== null,
  };
}

/**
 * The latest instant any clock stands at once the global clock or `tenant`'s has moved `ms`
 * further: the check that keeps every clock at or before `LATEST_MS`.
 */
export function latestAfterAdvance(
  state: ClockState,
  realMs: number,
  tenant: Tenant | null,
  ms: number,
): number {
  const global = globalNow(state, realMs);
  if (tenant) return global + tenantOffset(state, tenant) + ms;
  let highest = 0;
  for (const offset of state.tenants.values()) highest = Math.max(highest, offset);
  return global + ms + highest;
}
