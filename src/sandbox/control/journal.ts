/**
 * The request journal's memory and storage: entries are recorded in memory when an answer is sent
 * and written in the background, many to a statement, so a request pays no database round trip
 * for its entry. Every read on this instance writes what is buffered first, so a request answered
 * here is listed at once; other instances write theirs within a fraction of a second.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import { type PreparedQuery, prepareQuery } from '../../db/prepared.js';
import type { JournalTable, Tables } from '../../db/schema.js';
import { nextValues, SEQUENCES } from '../../db/sequences.js';
import type { JournalDraft } from './entry.js';

/** How long an entry waits in memory at most before it is written. */
const FLUSH_DELAY_MS = 100;
/** A buffer this full is written at once. */
const FLUSH_ENTRIES = 256;
const FLUSH_BYTES = 4 * 1024 * 1024;
/** Past these, while the database is slow or away, the oldest buffered entries are dropped: memory stays flat. */
const MAX_BUFFERED_ENTRIES = 20_000;
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** The largest multi-row insert (rows); smaller ones are powers of two, so few statement shapes exist. */
const MAX_INSERT_ROWS = 128;

interface Buffered {
  draft: JournalDraft;
  bytes: number;
}

function sizeOf(d: JournalDraft): number {
  return (
    200 +
    d.path.length +
    d.query.length +
    d.request_headers.length +
    (d.request_body?.length ?? 0) +
    (d.response_body?.length ?? 0)
  );
}

/** What the list, the count and the delete select by (all combined with AND). */
export interface JournalFilter {
  platform?: string;
  method?: string;
  route?: string;
  path?: string;
  status?: { from: number; to: number };
  merchant?: string;
  vendor?: string;
  sinceMs?: number;
  fault?: boolean;
}

/** A page's position: the `at` and id of the last entry of the previous page. */
export interface JournalCursor {
  atMs: number;
  id: number;
}

export class Journal {
  private buffer: Buffered[] = [];
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Entries kept per database; 0: the journal is off. */
  get size(): number {
    return this.ctx.config.journalSize;
  }

  get enabled(): boolean {
    return this.size > 0;
  }

  /** Takes an entry; it is written within `FLUSH_DELAY_MS`, or at once when the buffer is full. */
  record(draft: JournalDraft): void {
    if (!this.enabled) return;
    const bytes = sizeOf(draft);
    this.buffer.push({ draft, bytes });
    this.bufferedBytes += bytes;
    while (this.buffer.length > MAX_BUFFERED_ENTRIES || this.bufferedBytes > MAX_BUFFERED_BYTES) {
      const oldest = this.buffer.shift();
      if (!oldest) break;
      this.bufferedBytes -= oldest.bytes;
      this.dropped += 1;
    }
    if (this.buffer.length >= FLUSH_ENTRIES || this.bufferedBytes >= FLUSH_BYTES) {
      void this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Writes every buffered entry; resolves once they are committed (or failed, logged). */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.chain = this.chain.then(() => this.writeBuffered());
    return this.chain;
  }

  /** Forgets what is buffered and waits for writes under way (`POST /sandbox/reset`). */
  async reset(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.buffer = [];
    this.bufferedBytes = 0;
    await this.chain;
  }

  private async writeBuffered(): Promise<void> {
    if (this.dropped > 0) {
      this.log.warn(`journal: ${this.dropped} entries dropped, the database did not keep up`);
      this.dropped = 0;
    }
    // What is buffered now, once: entries recorded meanwhile are written by their own flush (their
    // timer, or a full buffer). Written until the buffer stayed empty, a flush (and a reset or a
    // deletion waiting on it) never ended while requests kept coming.
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    try {
      await writeEntries(
        this.ctx,
        batch.map((b) => b.draft),
        this.size,
      );
    } catch (err) {
      this.log.warn({ err }, `journal: ${batch.length} entries could not be written`);
    }
  }
}

/** Sizes of the inserts that write `n` rows: powers of two up to `MAX_INSERT_ROWS`. */
function insertSizes(n: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left >= MAX_INSERT_ROWS) {
    sizes.push(MAX_INSERT_ROWS);
    left -= MAX_INSERT_ROWS;
  }
  for (let size = MAX_INSERT_ROWS / 2; size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * Every column of a draft (listed as a record's keys, so that none can be forgotten), in the
 * order an insert's flat arguments give them.
 */
const DRAFT_COLUMNS = Object.keys({
  at_ms: true,
  platform: true,
  method: true,
  path: true,
  query: true,
  route: true,
  merchant: true,
  vendor: true,
  status: true,
  fault: true,
  duration_ms: true,
  request_headers: true,
  request_body: true,
  response_body: true,
} satisfies Record<keyof JournalDraft, true>) as (keyof JournalDraft)[];
const COLUMNS = ['id', ...DRAFT_COLUMNS];

/**
 * The insert of `rows` rows, built and compiled once: its arguments are the rows' columns, flat,
 * row after row. Building a 128-row insert anew for each batch (1,920 values for Kysely to parse
 * and compile) cost more CPU than SQLite spent storing the rows (bench/README.md).
 */
const inserts = new Map<number, PreparedQuery<Tables, readonly unknown[], unknown>>();
function insertOf(rows: number) {
  let insert = inserts.get(rows);
  if (insert === undefined) {
    insert = prepareQuery((db: Kysely<Tables>, values: readonly unknown[]) =>
      db
        .insertInto('journal')
        .values(
          Array.from(
            { length: rows },
            (_, row) =>
              Object.fromEntries(
                COLUMNS.map((c, i) => [c, values[row * COLUMNS.length + i]]),
              ) as unknown as JournalTable,
          ),
        ),
    );
    inserts.set(rows, insert);
  }
  return insert;
}

/**
 * One transaction: ids drawn from the journal's sequence, the rows inserted, then the entries
 * past the journal's size deleted, oldest (lowest id) first: an index range, however big the journal.
 * (On PostgreSQL another instance's flush may draw ids between this one's, but each id is used
 * once, so the newest `size` ids are still `size` entries.)
 */
async function writeEntries(ctx: AppContext, drafts: JournalDraft[], size: number): Promise<void> {
  await ctx.writes.transaction(async (trx) => {
    const ids = await nextValues(trx, SEQUENCES.journal, drafts.length);
    let at = 0;
    for (const n of insertSizes(drafts.length)) {
      const values: unknown[] = [];
      for (let i = at; i < at + n; i++) {
        const draft = drafts[i] as JournalDraft;
        values.push(ids[i]);
        for (const column of DRAFT_COLUMNS) values.push(draft[column]);
      }
      await insertOf(n).execute(trx, values);
      at += n;
    }
    await trx
      .deleteFrom('journal')
      .where('id', '<=', (ids.at(-1) as number) - size)
      .execute();
  });
}

type JournalQuery = SelectQueryBuilder<Tables, 'journal', object>;

function filtered<Q extends JournalQuery>(query: Q, f: JournalFilter): Q {
  let q = query as JournalQuery;
  if (f.platform !== undefined) q = q.where('platform', '=', f.platform);
  if (f.method !== undefined) q = q.where('method', '=', f.method);
  if (f.route !== undefined) q = q.where('route', '=', f.route);
  if (f.path !== undefined) q = q.where('path', '=', f.path);
  if (f.status !== undefined) q = q.where('status', '>=', f.status.from).where('status', '<=', f.status.to);
  if (f.merchant !== undefined) q = q.where('merchant', '=', f.merchant);
  if (f.vendor !== undefined) q = q.where('vendor', '=', f.vendor);
  if (f.sinceMs !== undefined) q = q.where('at_ms', '>=', f.sinceMs);
  if (f.fault !== undefined) q = q.where('fault', f.fault ? 'is not' : 'is', null);
  return q as Q;
}

/** A page of entries, newest first (or oldest, `asc`), ties by id; one more row tells whether more follow. */
export async function listEntries(
  db: Db,
  filter: JournalFilter,
  order: 'asc' | 'desc',
  limit: number,
  after: JournalCursor | undefined,
): Promise<{ rows: JournalTable[]; next: JournalCursor | null }> {
  let q = filtered(db.selectFrom('journal').selectAll(), filter);
  if (after) {
    const op = order === 'desc' ? '<' : '>';
    q = q.where((eb: ExpressionBuilder<Tables, 'journal'>) =>
      eb.or([eb('at_ms', op, after.atMs), eb.and([eb('at_ms', '=', after.atMs), eb('id', op, after.id)])]),
    );
  }
  const rows = await q
    .orderBy('at_ms', order)
    .orderBy('id', order)
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    next: more && last ? { atMs: Number(last.at_ms), id: Number(last.id) } : null,
  };
}

export async function countEntries(db: Db, filter: JournalFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('journal').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findEntry(db: Db, id: number): Promise<JournalTable | undefined> {
  return db.selectFrom('journal').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteEntries(
  db: Kysely<Tables>,
  tenant: { merchant?: string; vendor?: string },
): Promise<number> {
  let q = db.deleteFrom('journal');
  if (tenant.merchant !== undefined) q = q.where('merchant', '=', tenant.merchant);
  if (tenant.vendor !== undefined) q = q.where('vendor', '=', tenant.vendor);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * A recorded value read back. The recorder writes JSON text only; a row that is not (written by
 * another version, or by hand) is shown as its text rather than failing the whole page.
 */
function recorded(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An entry as the routes answer it (README, Testing the hard cases). */
export function toEntry(row: JournalTable) {
  const tenant =
    row.merchant !== null ? { merchant: row.merchant } : row.vendor !== null ? { vendor: row.vendor } : null;
  return {
    id: String(row.id),
    at: new Date(Number(row.at_ms)).toISOString(),
    platform: row.platform as 'portone' | 'coupang',
    method: row.method,
    path: row.path,
    query: row.query,
    route: row.route,
    tenant,
    request: {
      headers: recorded(row.request_headers) as Record<string, string>,
      body: row.request_body === null ? null : recorded(row.request_body),
    },
    response:
      row.status === null
        ? null
        : {
            status: Number(row.status),
            body: row.response_body === null ? null : recorded(row.response_body),
          },
    durationMs: Number(row.duration_ms),
    fault: row.fault,
  };
}
