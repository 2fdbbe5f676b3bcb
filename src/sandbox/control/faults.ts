import type { Kysely } from 'kysely';
/**
 * Faults and latency (README, Testing the hard cases): kept in the database, applied from a cache
 * each instance refreshes every second (and at once when it changes them itself), so a request
 * costs nothing while there are no faults. `times` is counted by a conditional decrement in the
 * database: across every instance, exactly that many requests are faulted.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { FaultsTable, Tables } from '../../db/schema.js';
import { nextValue, SEQUENCES } from '../../db/sequences.js';
import { ApiError } from '../../http/api-error.js';
import type { Tenant } from '../../http/tenant.js';

type FaultAction = 'status' | 'delay' | 'drop' | 'hang';

interface FaultMatch {
  platform?: string;
  method?: string;
  route?: string;
  path?: string;
  merchant?: string;
  vendor?: string;
}

/** A fault as given, defaults filled in: what the `spec` column keeps. */
export interface FaultSpec {
  match: FaultMatch;
  action: FaultAction;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  when?: 'before' | 'after';
  times?: number;
  probability: number;
}

export interface CachedFault {
  id: number;
  spec: FaultSpec;
}

/** What a fault is matched against. */
export interface FaultTarget {
  platform: string;
  method: string;
  route: string | null;
  path: string;
  tenant: Tenant | null;
}

const HANG_DEFAULT_MS = 30_000;
const HANG_MAX_MS = 300_000;
const DELAY_MAX_MS = 60_000;
const REFRESH_MS = 1_000;

const MATCH_KEYS = ['platform', 'method', 'route', 'path', 'merchant', 'vendor'] as const;
const FIELDS = ['match', 'action', 'status', 'body', 'headers', 'delayMs', 'when', 'times', 'probability'];
const ACTIONS: FaultAction[] = ['status', 'delay', 'drop', 'hang'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node writes in a header value: tab, visible ASCII, space and Latin-1; anything else throws when the answer is sent. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the answer: baesong writes them, a fault's value would break the connection. */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding'];
/** The deepest `body` a fault keeps: it is serialized, recursively, each time it is answered or read. */
const MAX_BODY_DEPTH = 1_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const bad = (message: string) => new ApiError(400, message);

/** True when arrays and objects nest deeper than `limit` in `value`. Walks without recursion: bodies may nest 100,000 deep. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const inner of Object.values(v)) pending.push([inner, depth + 1]);
  }
  return false;
}

function wholeNumberIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Checks a `POST /sandbox/faults` body; throws a 400 naming the first wrong field. */
export function checkFault(body: unknown): FaultSpec {
  if (!isObject(body)) throw bad('body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!FIELDS.includes(key)) throw bad(`${key} is not a field of a fault`);
  }
  const match: FaultMatch = {};
  if (body.match !== undefined) {
    if (!isObject(body.match)) throw bad('match must be an object');
    for (const [key, value] of Object.entries(body.match)) {
      if (!(MATCH_KEYS as readonly string[]).includes(key)) {
        throw bad(`match.${key} is not a match key (platform, method, route, path, merchant, vendor)`);
      }
      if (typeof value !== 'string' || value === '') throw bad(`match.${key} must be a non-empty string`);
      match[key as (typeof MATCH_KEYS)[number]] = value;
    }
    if (match.platform !== undefined && match.platform !== 'portone' && match.platform !== 'coupang') {
      throw bad('match.platform must be portone or coupang');
    }
    if (match.method !== undefined) match.method = match.method.toUpperCase();
  }
  if (body.action === undefined) throw bad('action is required');
  if (!ACTIONS.includes(body.action as FaultAction)) throw bad('action must be status, delay, drop or hang');
  const action = body.action as FaultAction;
  const spec: FaultSpec = { match, action, probability: 1 };

  const onlyFor = (field: string, actions: FaultAction[]) => {
    if (body[field] !== undefined && !actions.includes(action)) {
      throw bad(`${field} is not taken by action ${action} (only ${actions.join(' and ')})`);
    }
  };
  onlyFor('status', ['status']);
  onlyFor('body', ['status']);
  onlyFor('headers', ['status']);
  onlyFor('delayMs', ['delay', 'hang']);
  onlyFor('when', ['status', 'drop']);

  if (action === 'status') {
    if (body.status === undefined) throw bad('status is required with action status');
    spec.status = wholeNumberIn(body.status, 'status', 400, 599);
    if (body.body !== undefined) {
      if (nestsDeeperThan(body.body, MAX_BODY_DEPTH)) {
        throw bad(`body may nest arrays and objects at most ${MAX_BODY_DEPTH} levels deep`);
      }
      spec.body = body.body;
    }
    if (body.headers !== undefined) {
      if (!isObject(body.headers)) throw bad('headers must be an object of strings');
      for (const [name, value] of Object.entries(body.headers)) {
        if (!HEADER_NAME.test(name)) throw bad(`headers.${name} is not a valid header name`);
        if (FRAMING_HEADERS.includes(name.toLowerCase())) {
          throw bad(`headers.${name} is written by baesong: it frames the answer`);
        }
        if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
          throw bad(`headers.${name} must be a string of one line, of characters up to U+00FF`);
        }
      }
      spec.headers = Object.fromEntries(
        Object.entries(body.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
    }
  }
  if (action === 'delay') {
    if (body.delayMs === undefined) throw bad('delayMs is required with action delay');
    spec.delayMs = wholeNumberIn(body.delayMs, 'delayMs', 1, DELAY_MAX_MS);
  }
  if (action === 'hang') {
    spec.delayMs =
      body.delayMs === undefined ? HANG_DEFAULT_MS : wholeNumberIn(body.delayMs, 'delayMs', 1, HANG_MAX_MS);
  }
  if (action === 'status' || action === 'drop') {
    if (body.when !== undefined && body.when !== 'before' && body.when !== 'after') {
      throw bad('when must be before or after');
    }
    spec.when = (body.when as 'before' | 'after' | undefined) ?? 'before';
  }
  if (body.times !== undefined) spec.times = wholeNumberIn(body.times, 'times', 1, 1_000_000_000);
  if (body.probability !== undefined) {
    const p = body.probability;
    if (typeof p !== 'number' || !(p > 0 && p <= 1))
      throw bad('probability must be a number above 0 up to 1');
    spec.probability = p;
  }
  return spec;
}

/** A fault as the routes answer it. */
export function toFault(row: FaultsTable) {
  const spec = JSON.parse(row.spec) as FaultSpec;
  return {
    id: String(row.id),
    ...spec,
    remaining: row.remaining === null ? null : Number(row.remaining),
    hits: Number(row.hits),
    createdAt: new Date(Number(row.created_at_ms)).toISOString(),
  };
}

function matches(match: FaultMatch, t: FaultTarget): boolean {
  if (match.platform !== undefined && match.platform !== t.platform) return false;
  if (match.method !== undefined && match.method !== t.method) return false;
  if (match.route !== undefined && match.route !== t.route) return false;
  if (match.path !== undefined && match.path !== t.path) return false;
  if (
    match.merchant !== undefined &&
    (t.tenant === null || !('merchant' in t.tenant) || t.tenant.merchant !== match.merchant)
  ) {
    return false;
  }
  if (
    match.vendor !== undefined &&
    (t.tenant === null || !('vendor' in t.tenant) || t.tenant.vendor !== match.vendor)
  ) {
    return false;
  }
  return true;
}

/** The faults in force, oldest first, as this instance last read them. */
export class Faults {
  private list: CachedFault[] = [];
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** True while any fault is in force: otherwise requests skip faults altogether. */
  get active(): boolean {
    return this.list.length > 0;
  }

  /** Reads the faults every second from now on. */
  start(): void {
    this.timer ??= setInterval(() => {
      this.refresh().catch((err: unknown) => this.log.warn({ err }, 'faults: could not read the faults'));
    }, REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the faults now (one read at a time; a call during one waits for the next). */
  async refresh(): Promise<void> {
    const running = this.refreshing;
    if (running) await running.catch(() => {});
    const read = (async () => {
      const rows = await this.ctx.db.selectFrom('faults').select(['id', 'spec']).orderBy('id').execute();
      this.list = rows.map((r) => ({ id: Number(r.id), spec: JSON.parse(r.spec) as FaultSpec }));
    })();
    this.refreshing = read;
    try {
      await read;
    } finally {
      if (this.refreshing === read) this.refreshing = null;
    }
  }

  /** Forgets the cached faults (`POST /sandbox/reset`, before the table is emptied). */
  clear(): void {
    this.list = [];
  }

  /**
   * The fault that applies to a request, counted (its `hits` and `remaining`), or null. The oldest
   * matching fault decides, its `probability` included; one spent meanwhile (on any instance) is
   * gone, and the next oldest decides.
   */
  async decide(target: FaultTarget): Promise<CachedFault | null> {
    for (const fault of this.list) {
      if (!matches(fault.spec.match, target)) continue;
      if (fault.spec.probability < 1 && Math.random() >= fault.spec.probability) return null;
      if (await this.take(fault)) return fault;
      this.list = this.list.filter((f) => f !== fault);
    }
    return null;
  }

  /** Counts one use of `fault`; false when it is gone (spent or deleted). */
  private async take(fault: CachedFault): Promise<boolean> {
    if (fault.spec.times === undefined) {
      const row = await this.ctx.writes.statement((db) =>
        db
          .updateTable('faults')
          .set((eb) => ({ hits: eb('hits', '+', 1) }))
          .where('id', '=', fault.id)
          .returning('id')
          .executeTakeFirst(),
      );
      return row !== undefined;
    }
    const taken = await this.ctx.writes.transaction(async (trx) => {
      const row = await trx
        .updateTable('faults')
        .set((eb) => ({ hits: eb('hits', '+', 1), remaining: eb('remaining', '-', 1) }))
        .where('id', '=', fault.id)
        .where('remaining', '>', 0)
        .returning('remaining')
        .executeTakeFirst();
      if (!row) return false;
      // Spent: gone, for every instance.
      if (Number(row.remaining) === 0) await trx.deleteFrom('faults').where('id', '=', fault.id).execute();
      return { spent: Number(row.remaining) === 0 };
    });
    if (taken && taken.spent) this.list = this.list.filter((f) => f !== fault);
    return taken !== false;
  }
}

/** Stores a checked fault; answers it as the routes do. */
/** Deletes, inside a tenant's deletion, the faults that match that tenant by name. */
export async function deleteTenantFaults(trx: Kysely<Tables>, tenant: Tenant): Promise<void> {
  const rows = await trx.selectFrom('faults').select(['id', 'spec']).execute();
  const named = (match: FaultMatch) =>
    'merchant' in tenant ? match.merchant === tenant.merchant : match.vendor === tenant.vendor;
  const ids = rows.filter((row) => named((JSON.parse(row.spec) as FaultSpec).match)).map((row) => row.id);
  if (ids.length > 0) await trx.deleteFrom('faults').where('id', 'in', ids).execute();
}

export async function insertFault(ctx: AppContext, spec: FaultSpec) {
  return ctx.writes.transaction(async (trx) => {
    const id = await nextValue(trx, SEQUENCES.faults);
    const row: FaultsTable = {
      id,
      spec: JSON.stringify(spec),
      remaining: spec.times ?? null,
      hits: 0,
      created_at_ms: ctx.clock.nowMs(),
    };
    await trx.insertInto('faults').values(row).execute();
    return toFault(row);
  });
}
