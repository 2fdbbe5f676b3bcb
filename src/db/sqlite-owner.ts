/**
 * One SQLite file, one serving process. Two processes on one file would each batch writes and
 * keep state (the sandbox clock, the webhook leases) as if alone, and wait on each other's lock;
 * several instances belong on PostgreSQL. So a process that opens a file first takes an
 * exclusive lock on a companion file, `<file>-lock`, and holds it while it serves. The lock is
 * SQLite's own (POSIX advisory locks on Unix, which the kernel drops when the process dies,
 * SIGKILL included), so no stale lock ever outlives its process, and nothing waits for a timeout.
 * The database file itself stays open to anyone: a `sqlite3` shell can still read it.
 *
 * Servers embedded in one process (a test suite's) share the process's hold on the file: they
 * are one process, which the lock is about, and wait for each other's writes like any two
 * connections do (sqlite-lock.ts).
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { ConfigError } from '../config.js';
import { isLockConflict } from './sqlite-lock.js';

interface Hold {
  lock: SQLite.Database;
  users: number;
}

/** The files this process holds, by the lock file's real path. */
const holds = new Map<string, Hold>();

/**
 * Claims `path` (a SQLite file whose folder exists) for this process, or throws a ConfigError
 * (one line: exit 1) when another process holds it. Returns the release, to call once on close.
 */
export function claimSqliteFile(path: string): () => void {
  // The real path: two spellings of one file (a symbolic link, `./`) are one file.
  const absolute = resolve(path);
  const real = existsSync(absolute)
    ? realpathSync(absolute)
    : join(realpathSync(dirname(absolute)), basename(absolute));
  const lockPath = `${real}-lock`;
  let hold = holds.get(lockPath);
  if (!hold) {
    hold = { lock: takeLock(path, lockPath), users: 0 };
    holds.set(lockPath, hold);
  }
  hold.users += 1;
  const taken = hold;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    taken.users -= 1;
    if (taken.users > 0) return;
    holds.delete(lockPath);
    // The file stays (like `-shm`): removing it would let two later processes lock two files.
    taken.lock.close();
  };
}

function takeLock(path: string, lockPath: string): SQLite.Database {
  // No busy timeout: a lock another process holds is an answer now, not something to wait for.
  const lock = new SQLite(lockPath, { timeout: 0 });
  try {
    // An exclusive transaction left open: its lock lasts as long as the connection.
    lock.exec('begin exclusive');
    return lock;
  } catch (err) {
    lock.close();
    if (isLockConflict(err)) {
      throw new ConfigError(
        `the SQLite file ${path} is already served by another baesong process (a SQLite file serves one process at a time): stop it, or give this one another file; for several instances on one database, use PostgreSQL (DATABASE_URL=postgres://…)`,
      );
    }
    throw err;
  }
}
