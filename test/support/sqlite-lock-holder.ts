/**
 * Another process holding a SQLite file's write lock, as a developer's `sqlite3` shell in the
 * middle of `BEGIN IMMEDIATE` would: a child process with a connection of its own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Reads commands, one a line, and answers each once done: `lock` takes the write lock
// (`begin immediate`), `release` gives it back (`rollback`); the end of its input ends it.
const HOLDER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1], { timeout: 0 });
const lines = require('node:readline').createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'lock') db.exec('begin immediate');
  if (line === 'release') db.exec('rollback');
  process.stdout.write(line + 'ed\\n');
});
lines.on('close', () => db.close());
`;

export interface LockHolder {
  /** Takes the write lock; resolves once it is held. */
  lock(): Promise<void>;
  /** Gives it back; resolves once it is released. */
  release(): Promise<void>;
  /** Ends the process (its lock, if held, goes with it). */
  close(): Promise<void>;
}

/** Starts a process with a connection to the SQLite file `path`, holding no lock yet. */
export function lockHolder(path: string): LockHolder {
  const child = spawn(process.execPath, ['-e', HOLDER, path], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const answers = createInterface({ input: child.stdout });
  const pending: { expected: string; resolve: () => void; reject: (err: Error) => void }[] = [];
  answers.on('line', (line) => {
    const next = pending.shift();
    if (!next) return;
    if (line === next.expected) next.resolve();
    else next.reject(new Error(`the lock holder answered ${line}, not ${next.expected}`));
  });
  child.once('exit', (code) => {
    for (const p of pending.splice(0)) p.reject(new Error(`the lock holder exited (${code}): ${stderr}`));
  });
  const command = (name: 'lock' | 'release') =>
    new Promise<void>((resolve, reject) => {
      pending.push({ expected: `${name}ed`, resolve, reject });
      child.stdin.write(`${name}\n`);
    });
  return {
    lock: () => command('lock'),
    release: () => command('release'),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
