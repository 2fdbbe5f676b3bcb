/**
 * The sandbox clock kept in the database and cached in memory: every request reads the cache
 * (no database round trip), each instance refreshes it from the database at least every second
 * and at once after a change it made itself, so the instances of one database agree within 2 s
 * and the clock survives a restart (README, The sandbox clock).
 */
import type { Transaction } from 'kysely';
import type { AppClock, Clock } from '../../clock.js';
import type { Database, Db, Writes } from '../../db/index.js';
import { isStorableText } from '../../db/text.js';
import type { SandboxClockTable, Tables } from '../../db/schema.js';
import { ApiError } from '../../http/api-error.js';
import type { Tenant } from '../../http/tenant.js';
import { unknownMerchant, unknownVendor } from '../gone.js';
import { type ClockState, globalNow, REAL_TIME, tenantKey } from './state.js';

/** How often each instance reads the clock again: well within the 2 s the instances must agree in. */
export const REFRESH_INTERVAL_MS = 500;

type Kind = SandboxClockTable['kind'];

function rowKey(tenant: Tenant | null): { kind: Kind; tenant: string } {
  if (!tenant) return { kind: 'global', tenant: '' };
  return 'merchant' in tenant
    ? { kind: 'merchant', tenant: tenant.merchant }
    : { kind: 'vendor', tenant: tenant.vendor };
}

/** Deletes a tenant's own offset, inside the transaction that deletes the tenant. */
export async function deleteTenantClock(trx: Transaction<Tables>, tenant: Tenant): Promise<void> {
  const key = rowKey(tenant);
  await trx
    .deleteFrom('sandbox_clock')
    .where('kind', '=', key.kind)
    .where('tenant', '=', key.tenant)
    .execute();
}

/** Whether the merchant or vendor exists (read on `db`, or inside a transaction). */
export async function tenantExists(db: Db, tenant: Tenant): Promise<boolean> {
  const key = 'merchant' in tenant ? tenant.merchant : tenant.vendor;
  if (!isStorableText(key)) return false;
  const found =
    'merchant' in tenant
      ? await db.selectFrom('merchants').select('imp_key').where('imp_key', '=', key).executeTakeFirst()
      : await db
          .selectFrom('coupang_vendors')
          .select('vendor_id')
          .where('vendor_id', '=', key)
          .executeTakeFirst();
  return found !== undefined;
}

/** The 404 of a tenant the sandbox does not hold. */
export function unknownTenant(tenant: Tenant): ApiError {
  return new ApiError(
    404,
    'merchant' in tenant ? unknownMerchant(tenant.merchant) : unknownVendor(tenant.vendor),
  );
}

/** The state the rows describe. */
function stateOf(rows: readonly SandboxClockTable[]): ClockState {
  let offsetMs = 0;
  let frozenAtMs: number | null = null;
  const tenants = new Map<string, number>();
  for (const row of rows) {
    const offset = Number(row.offset_ms);
    if (row.kind === 'global') {
      offsetMs = offset;
      frozenAtMs = row.frozen_at_ms === null ? null : Number(row.frozen_at_ms);
    } else {
      const tenant: Tenant = row.kind === 'merchant' ? { merchant: row.tenant } : { vendor: row.tenant };
      if (offset !== 0) tenants.set(tenantKey(tenant), offset);
    }
  }
  return { offsetMs, frozenAtMs, tenants };
}

/** The ways the clock can be moved, each a few conditional statements in one transaction. */
export interface ClockChange {
  /** Moves `tenant`'s own offset, or the global clock (null), forward by this many milliseconds. */
  advanceMs?: number;
  /** Global only: true stops the clock where it stands, false lets it run on from there. */
  freeze?: boolean;
}

/**
 * The sandbox clock of one app: `real` (the base clock, injectable) moved by the state kept in
 * the database. Reads are served from memory.
 */
export class SandboxClock implements AppClock {
  private state: ClockState = REAL_TIME;
  /** Counts reloads begun: a reload that finishes after a later one began keeps nothing. */
  private reloads = 0;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    readonly real: Clock,
    private readonly db: Db,
    private readonly writes: Writes,
  ) {}

  static async open(real: Clock, database: Pick<Database, 'db' | 'writes'>): Promise<SandboxClock> {
    const clock = new SandboxClock(real, database.db, database.writes);
    await clock.reload();
    return clock;
  }

  nowMs(): number {
    return globalNow(this.state, this.real.nowMs());
  }

  of(tenant: Tenant | null): Clock {
    if (!tenant) return this;
    const key = tenantKey(tenant);
    return { nowMs: () => this.nowMs() + (this.state.tenants.get(key) ?? 0) };
  }

  /** The state as last read (for the sandbox's own answers). */
  current(): ClockState {
    return this.state;
  }

  /** Reads the state from the database into memory. */
  async reload(): Promise<ClockState> {
    const reload = ++this.reloads;
    const rows = await this.db.selectFrom('sandbox_clock').selectAll().execute();
    const state = stateOf(rows);
    if (reload === this.reloads) this.state = state;
    return state;
  }

  /**
   * Reloads every `intervalMs` until `stop()`; a failed reload keeps the last state and is
   * reported once (`onError`) until a reload succeeds again.
   */
  refreshEvery(intervalMs: number, onError: (err: unknown) => void): void {
    this.stop();
    let running = false;
    this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.reload()
        .then(() => {
          this.failing = false;
        })
        .catch((err: unknown) => {
          if (!this.failing) onError(err);
          this.failing = true;
        })
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Applies `change` to `tenant`'s clock or the global one (null), then reloads. A tenant deleted
   * meanwhile is answered 404, and nothing is kept of the change.
   */
  async change(tenant: Tenant | null, change: ClockChange): Promise<ClockState> {
    const key = rowKey(tenant);
    // Whole milliseconds, as the columns keep them (a hand-moved base clock may stand between two).
    const realMs = Math.round(this.real.nowMs());
    await this.writes.transaction(async (trx) => {
      // Read again inside the transaction, which runs before or after a deletion of the tenant,
      // never beside it (one writer on SQLite, the writes' gate on PostgreSQL): no offset outlives
      // its tenant.
      if (tenant && !(await tenantExists(trx, tenant))) throw unknownTenant(tenant);
      await trx
        .insertInto('sandbox_clock')
        .values({ ...key, offset_ms: 0, frozen_at_ms: null })
        .onConflict((oc) => oc.columns(['kind', 'tenant']).doNothing())
        .execute();
      const row = trx
        .updateTable('sandbox_clock')
        .where('kind', '=', key.kind)
        .where('tenant', '=', key.tenant);
      // Each step is one statement on the row as it stands, so concurrent changes from other
      // instances add up rather than overwrite each other.
      if (change.freeze === true) {
        await row
          .set((eb) => ({
            frozen_at_ms: eb.fn.coalesce('frozen_at_ms', eb(eb.val(realMs), '+', eb.ref('offset_ms'))),
          }))
          .execute();
      }
      if (change.freeze === false) {
        await row
          .set((eb) => ({
            // Frozen, it runs on from the instant it stands at; running, it is left as it is.
            offset_ms: eb.fn.coalesce(eb('frozen_at_ms', '-', realMs), eb.ref('offset_ms')),
            frozen_at_ms: null,
          }))
          .execute();
      }
      if (change.advanceMs !== undefined) {
        const ms = change.advanceMs;
        // Frozen, the instant it stands at moves; running, the offset. Both move, so either holds.
        await row
          .set((eb) => ({
            offset_ms: eb('offset_ms', '+', ms),
            frozen_at_ms: eb('frozen_at_ms', '+', ms),
          }))
          .execute();
      }
    });
    return this.reload();
  }

  /** Puts `tenant`'s offset, or the global clock (null), back to real time, then reloads. */
  async reset(tenant: Tenant | null): Promise<ClockState> {
    const key = rowKey(tenant);
    await this.writes.statement((db) =>
      db.deleteFrom('sandbox_clock').where('kind', '=', key.kind).where('tenant', '=', key.tenant).execute(),
    );
    return this.reload();
  }
}
