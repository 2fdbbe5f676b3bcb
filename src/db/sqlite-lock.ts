/**
 * Waiting for a SQLite file's write lock without stopping the process. better-sqlite3 runs every
 * statement on the main thread, so SQLite's own busy timeout would wait there, and every request
 * (reads, `/healthz`, plain 404s) would wait with it. The server's connection therefore has no
 * busy timeout at all while it serves: a write that meets another connection's lock fails at
 * once with SQLITE_BUSY, before it has changed anything, and is tried again after a pause on a
 * timer, until its deadline.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

/**
 * How long a write waits for another connection's lock before it is answered 503, counted from
 * when it was asked for: what SQLite's busy timeout waited before.
 */
export const DEFAULT_LOCK_WAIT_MS = 5_000;

/** The first pause after a lock conflict, and the longest: the pause doubles up to it. */
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 50;

/** True when SQLite refused because another connection holds the lock (SQLITE_BUSY and its extended codes). */
export function isLockConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/**
 * Runs `attempt` until it does not meet a lock, pausing between tries (1 ms, doubling up to
 * 50 ms, never past `deadline`); once `deadline` (a `performance.now()` instant) has passed, the
 * last conflict is thrown. `attempt` must change nothing when it fails with a conflict.
 */
export async function retryingLockConflicts<T>(
  attempt: () => Promise<T>,
  deadline: () => number,
  now = () => performance.now(),
): Promise<T> {
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await attempt();
    } catch (err) {
      const left = deadline() - now();
      if (!isLockConflict(err) || left <= 0) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    }
  }
}

/**
 * Kysely's SQLite dialect, whose transactions begin with `begin immediate`: a transaction takes
 * the write lock before its first statement, so a conflict fails the `begin` (and nothing else),
 * which can then be tried again; and a transaction that has begun never meets a lock midway.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
