import { type ControlledTransaction, type Kysely, sql, type Transaction } from 'kysely';
import type { Tables } from './schema.js';
import { DEFAULT_LOCK_WAIT_MS, isLockConflict, retryingLockConflicts } from './sqlite-lock.js';

/**
 * How a request writes: each call's writes land all or none, and its promise resolves only
 * once they are committed, so an answer is never sent for a write that could still be lost.
 */
export interface Writes {
  /** Runs `work` in a transaction of its own. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  /** Runs `work`, one statement, which needs no transaction of its own where the engine has many connections. */
  statement<T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a transaction that no other write transaction runs beside, from any instance:
   * for the deletions (the reset, a tenant with all it owns) that must succeed however much is
   * being written. Lost races (a row a single-statement write added meanwhile, a lock) run it
   * again whole, so `work` must do nothing but its writes. Reads go on meanwhile.
   */
  exclusive<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
}

/**
 * The gate every PostgreSQL write transaction passes, shared, and an exclusive transaction holds
 * alone: an advisory lock of this database's schema, taken before anything else, so that no
 * transaction ever holds a table's rows while it waits on another for the gate (no deadlock).
 */
const GATE = sql`hashtext('baesong writes'), hashtext(current_schema())`;

/**
 * How long an exclusive transaction waits, once it holds the gate, on a row a single-statement
 * write holds (those pass no gate: a statement's own transaction is all it has): below
 * PostgreSQL's `deadlock_timeout` (1 s), so that should that statement wait on the exclusive one
 * too, the exclusive one gives up first and tries again.
 */
const EXCLUSIVE_LOCK_WAIT = sql.lit('200ms');
const EXCLUSIVE_ATTEMPTS = 20;
const STATEMENT_ATTEMPTS = 5;

/**
 * SQLSTATEs of a transaction that lost to a concurrent one and may be run again whole: a lock not
 * had in time, a deadlock, a serialization failure; and, for an exclusive transaction, a foreign
 * key (a single-statement write added a row under a parent it was deleting).
 */
const LOST_TO_OTHERS = new Set(['55P03', '40P01', '40001']);
const FOREIGN_KEY = '23503';

const codeOf = (err: unknown) => (err as { code?: unknown } | null)?.code;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * ms));

/**
 * Runs `attempt` again (after a short random pause) while it fails with one of `codes`, at most
 * `attempts` times in all. Safe for what these are: a transaction or a single statement, rolled
 * back whole when they fail.
 */
async function again<T>(attempt: () => Promise<T>, codes: Set<unknown>, attempts: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !codes.has(codeOf(err))) throw err;
    }
    await pause(10 * i);
  }
}

/** PostgreSQL: a pool of connections, each transaction on its own; a statement commits as it runs. */
export function directWrites(db: Kysely<Tables>): Writes {
  return {
    transaction: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock_shared(${GATE})`.execute(trx);
        return work(trx);
      }),
    // A statement the deadlock detector ended did nothing: it runs again.
    statement: (work) => again(() => work(db), LOST_TO_OTHERS, STATEMENT_ATTEMPTS),
    exclusive: (work) =>
      again(
        () =>
          db.transaction().execute(async (trx) => {
            await sql`select pg_advisory_xact_lock(${GATE})`.execute(trx);
            await sql`set local lock_timeout = ${EXCLUSIVE_LOCK_WAIT}`.execute(trx);
            return work(trx);
          }),
        new Set([...LOST_TO_OTHERS, FOREIGN_KEY]),
        EXCLUSIVE_ATTEMPTS,
      ),
  };
}

/** At most this many requests' writes are committed together (the benchmark's 32 connections fit in one). */
const MAX_BATCH = 32;

const SAVEPOINT = 'request';

/** A request's writes: a transaction's work, or one statement, which needs no transaction when it runs alone. */
type Job = (
  | { single: false; work: (trx: Transaction<Tables>) => Promise<unknown> }
  | { single: true; work: (db: Kysely<Tables>) => Promise<unknown> }
) & {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** The `performance.now()` instant after which it no longer waits for another connection's lock. */
  deadline: number;
};

/**
 * SQLite: one connection, whose every commit appends the changed pages to the write-ahead log,
 * a write and a lock call each, and which serves one transaction at a time anyway. So the
 * writes of the requests that arrive together run together: one transaction, each request's
 * writes in a savepoint of their own, one commit for them all (the pages they share, an
 * index's last leaf, a sequence's row, are written once).
 *
 * Each request keeps what a transaction of its own would give it: a failure (a unique index
 * refusing a duplicate, a rule thrown from inside) rolls back its savepoint only and rejects
 * its promise with its own error; every promise is settled after the commit, and should the
 * commit fail, the others reject with its error and nothing of the batch is kept. A request alone
 * runs without a savepoint, and a statement alone without a transaction.
 *
 * While another connection (another process, a `sqlite3` shell) holds the file's write lock, the
 * batch waits for it on a timer, never in the driver (sqlite-lock.ts), so every other request is
 * served meanwhile; the requests asked for meanwhile join the next batch. A request that has
 * waited `lockWaitMs` is rejected with the lock conflict (503), and the others wait on.
 */
export function batchedWrites(
  db: Kysely<Tables>,
  { maxBatch = MAX_BATCH, lockWaitMs = DEFAULT_LOCK_WAIT_MS } = {},
): Writes {
  const queue: Job[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        try {
          await retryingLockConflicts(
            async () => {
              const batch = queue.slice(0, maxBatch);
              await runBatch(db, batch);
              queue.splice(0, batch.length);
            },
            // The oldest request's deadline: it comes first.
            () => (queue[0] as Job).deadline,
          );
        } catch (err) {
          // A lock held past the oldest request's deadline: each request past its own is answered
          // with it. (Anything else runBatch has already answered; should it ever throw, its
          // batch is answered with that, so the queue always moves on.)
          const at = performance.now();
          const failed = isLockConflict(err)
            ? queue.filter((job) => job.deadline <= at)
            : queue.slice(0, maxBatch);
          queue.splice(0, failed.length);
          for (const job of failed) job.reject(err);
        }
      }
    } finally {
      draining = false;
    }
  }

  const enqueue = <T>(job: (settle: Pick<Job, 'resolve' | 'reject' | 'deadline'>) => Job) =>
    new Promise<T>((resolve, reject) => {
      const deadline = performance.now() + lockWaitMs;
      queue.push(job({ resolve: resolve as (value: unknown) => void, reject, deadline }));
      if (draining) return;
      draining = true;
      // SQLite runs every statement synchronously, so a request goes from its first byte to its
      // write without a pause, and a batch started at once would hold that request alone. Started
      // once the event loop has handed over every request that has arrived, it holds them all.
      setImmediate(() => void drain());
    });
  const transaction: Writes['transaction'] = (work) =>
    enqueue((settle) => ({ single: false, work, ...settle }));
  return {
    transaction,
    statement: (work) => enqueue((settle) => ({ single: true, work, ...settle })),
    // One connection writes, one transaction at a time: every transaction is exclusive.
    exclusive: transaction,
  };
}

/**
 * Runs a batch and answers each of its requests, but for one failure: another connection's lock,
 * met before anything was written (a statement refused, or the transaction's `begin immediate`),
 * is thrown, with the batch unanswered, to be tried again.
 */
async function runBatch(db: Kysely<Tables>, batch: Job[]): Promise<void> {
  const [first] = batch;
  if (batch.length === 1 && first?.single) {
    let value: unknown;
    try {
      value = await first.work(db);
    } catch (err) {
      if (isLockConflict(err)) throw err;
      first.reject(err);
      return;
    }
    first.resolve(value);
    return;
  }
  const outcomes: { job: Job; ok: boolean; value: unknown }[] = [];
  let trx: ControlledTransaction<Tables>;
  try {
    trx = await db.startTransaction().execute();
  } catch (err) {
    if (isLockConflict(err)) throw err;
    for (const job of batch) job.reject(err);
    return;
  }
  try {
    if (batch.length === 1) {
      const [job] = batch as [Job];
      outcomes.push({ job, ok: true, value: await job.work(trx) });
    } else {
      for (const job of batch) {
        const inSavepoint = await trx.savepoint(SAVEPOINT).execute();
        try {
          outcomes.push({ job, ok: true, value: await job.work(inSavepoint) });
        } catch (err) {
          await inSavepoint.rollbackToSavepoint(SAVEPOINT).execute();
          outcomes.push({ job, ok: false, value: err });
        }
        await inSavepoint.releaseSavepoint(SAVEPOINT).execute();
      }
    }
    await trx.commit().execute();
  } catch (err) {
    // Nothing of the batch is kept: a request that failed by itself is answered with its own
    // error, every other one with this.
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    for (const job of batch) {
      const outcome = outcomes.find((o) => o.job === job);
      job.reject(outcome && !outcome.ok ? outcome.value : err);
    }
    return;
  }
  // A failure too is answered after the commit: what it collided with (a name taken earlier in
  // the batch) is then committed, where the request's next read finds it.
  for (const { job, ok, value } of outcomes) (ok ? job.resolve : job.reject)(value);
}
