import { once } from 'node:events';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpoint thread copies the write-ahead log into the database file. Each
 * round copies what was committed since the last; rounds with nothing to copy cost nothing.
 */
const CHECKPOINT_EVERY_MS = 100;

/**
 * How long after the database opens the checkpoint thread starts. Starting a thread costs a
 * start of its own (tens of milliseconds of CPU): begun at once, it took that time from the
 * server's start-up whenever both shared a core. Until it runs, the log simply grows, and the
 * backstop below still holds.
 */
const CHECKPOINTER_DELAY_MS = 1_000;

/**
 * The write-ahead log's size, in pages, at which the server's own connection checkpoints: a
 * backstop, should the checkpoint thread ever fall behind or fail (SQLite's default is 1000).
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

// The thread's code, evaluated as a script: a file of its own would need a loader for the
// TypeScript sources (tests, `npm run dev`) as well as the built one.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path);
// The same durability as the server's connection: the log is synced before it is copied,
// the database file after.
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for the server's readers or writer: what it cannot copy now, the next round does.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or locked database: the next round tries again.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a SQLite file in WAL mode on a thread of its own. A checkpoint copies the log
 * into the database file and syncs both to disk, which takes milliseconds; on the server's
 * connection it ran inside whichever write request crossed SQLite's threshold, holding up
 * every request behind it (the write scenarios' p99 in bench/README.md). Here it runs beside
 * the server: writes still commit, and are answered, exactly as before.
 */
export function startCheckpointer(
  path: string,
  everyMs = CHECKPOINT_EVERY_MS,
  delayMs = CHECKPOINTER_DELAY_MS,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // An absolute path, so the thread opens the same file whatever the working folder becomes.
  const workerData = { path: resolve(path), driver, everyMs };
  let worker: Worker | undefined;
  const start = () => {
    worker = new Worker(CHECKPOINTER, { eval: true, workerData });
    // Should the thread fail, the server's connection checkpoints by itself (the backstop).
    worker.on('error', () => {});
    // It never keeps the process alive on its own.
    worker.unref();
  };
  // Neither does the wait for it.
  const timer = delayMs > 0 ? setTimeout(start, delayMs).unref() : undefined;
  if (!timer) start();
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        clearTimeout(timer);
        if (!worker || worker.threadId === -1) return;
        const exited = once(worker, 'exit');
        // Held until it has exited: otherwise a process with nothing else to do would end
        // here, before the database behind it is closed.
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}
