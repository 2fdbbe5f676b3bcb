import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from 'kysely';

/**
 * A query of a hot path, built and compiled by Kysely once per database rather than on every
 * request. Under load, building and compiling Kysely queries took more of the server's CPU than
 * SQLite took to run them (bench/README.md has the profile), so the queries every client repeats
 * (token checks, payment reads, delivery writes) are compiled once and then run with new values.
 *
 * `build` receives stand-ins for its arguments and must use each only as a value, where it
 * becomes a query parameter: never as an identifier, in `sql.raw`, in an `in` list, or to choose
 * the query's shape. The first compilation checks this and throws when an argument did not come
 * out as a parameter. The SQL is the database's own dialect's, so a prepared query is as
 * portable as any other Kysely query.
 */
export interface PreparedQuery<DB, A, R> {
  execute(db: Kysely<DB>, args: A): Promise<QueryResult<R>>;
}

/** Where each parameter of the compiled query comes from: an argument, or the query itself. */
type Slot = { arg: string } | { constant: unknown };

interface Plan<R> {
  query: CompiledQuery<R>;
  slots: Slot[];
  /** A read (a `select`), which a database's direct reader may run. */
  read: boolean;
}

/**
 * Runs a compiled read at once, beside Kysely's connection queue, or answers undefined when it
 * cannot now (then the read goes through Kysely). Each hop of that queue is a promise, and under
 * load the queue and its hops took more of a read's CPU than SQLite took to run it
 * (bench/README.md, "Sixth round").
 */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => { rows: unknown[] } | undefined;

const directReaders = new WeakMap<object, DirectReader>();

/** Lets the prepared reads of `db` (not of its transactions) run through `reader`. */
export function readDirectly(db: Kysely<unknown>, reader: DirectReader): void {
  directReaders.set(db, reader);
}

const STAND_IN = '\u0000prepared-argument:';

function compilePlan<DB, A, R>(db: Kysely<DB>, build: (db: Kysely<DB>, args: A) => Compilable<R>): Plan<R> {
  const asked = new Set<string>();
  const standIns = new Proxy(
    {},
    {
      get: (_target, key) => {
        asked.add(String(key));
        return STAND_IN + String(key);
      },
    },
  ) as A;
  const query = build(db, standIns).compile();
  if (query.sql.includes(STAND_IN)) throw new Error('a prepared query put an argument into its SQL text');
  const placed = new Set<string>();
  const slots = query.parameters.map((value): Slot => {
    if (typeof value !== 'string' || !value.startsWith(STAND_IN)) return { constant: value };
    const arg = value.slice(STAND_IN.length);
    placed.add(arg);
    return { arg };
  });
  for (const arg of asked) {
    if (!placed.has(arg)) throw new Error(`a prepared query did not use its argument ${arg} as a value`);
  }
  return { query, slots, read: query.query.kind === 'SelectQueryNode' };
}

export function prepareQuery<DB, A extends object, R>(
  build: (db: Kysely<DB>, args: A) => Compilable<R>,
): PreparedQuery<DB, A, R> {
  // One plan per database, each of which may have its own dialect. A database and its
  // transactions share one dialect adapter, so a transaction finds the database's plan.
  const plans = new WeakMap<object, Plan<R>>();
  return {
    execute(db, args) {
      const dialect = db.getExecutor().adapter;
      let plan = plans.get(dialect);
      if (!plan) {
        try {
          plan = compilePlan(db, build);
        } catch (err) {
          return Promise.reject(err);
        }
        plans.set(dialect, plan);
      }
      const values = args as Record<string, unknown>;
      const parameters = plan.slots.map((slot) => ('arg' in slot ? values[slot.arg] : slot.constant));
      const direct = plan.read ? directReaders.get(db) : undefined;
      if (direct) {
        try {
          const result = direct(plan.query.sql, parameters);
          if (result) return Promise.resolve(result as QueryResult<R>);
        } catch (err) {
          return Promise.reject(err);
        }
      }
      return db.executeQuery<R>({ ...plan.query, parameters, queryId: createQueryId() });
    },
  };
}
