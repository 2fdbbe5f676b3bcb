import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escrowBody } from '../support/fixtures.js';
import { runToExit, startServerProcess } from '../support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'baesong-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  return { status: res.status, body: (await res.json()) as any };
}

describe('the server process', () => {
  it.each([
    [
      'an unparseable PORT',
      { PORT: 'eighty' },
      'baesong: PORT must be a whole number from 0 to 65535, got "eighty"',
    ],
    [
      'a BAESONG_JOURNAL_SIZE that is not a whole number',
      { BAESONG_JOURNAL_SIZE: '-5' },
      'baesong: BAESONG_JOURNAL_SIZE must be a whole number from 0 to 1000000, got "-5"',
    ],
    [
      'a public HOST without an admin token',
      { HOST: '0.0.0.0' },
      'baesong: refusing to serve the sandbox API on 0.0.0.0 without BAESONG_ADMIN_TOKEN: set a token, or bind to 127.0.0.1',
    ],
  ])('exits 1 with one clear line for %s', async (_case, env, line) => {
    const { code, stderr } = await runToExit({ ...env, DATABASE_URL: ':memory:' });
    expect(code).toBe(1);
    expect(stderr).toBe(`${line}\n`);
  });

  it('exits 1 with one line for a DATABASE_URL of a scheme it does not serve, and creates nothing', async () => {
    const { code, stderr } = await runToExit({ PORT: '0', DATABASE_URL: 'postgress://u@127.0.0.1/db' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'baesong: DATABASE_URL has the scheme postgress://, which baesong does not serve: use postgres://… or postgresql://… for PostgreSQL, or a SQLite file path (optionally sqlite: or file:), or :memory:\n',
    );
    // Taken as a SQLite path, it would have made a folder `postgress:` where the server runs.
    expect(existsSync(new URL('../../postgress:', import.meta.url))).toBe(false);
  });

  it('exits 1 with one line for a PostgreSQL URL with sslmode=require, the driver saying nothing', async () => {
    const { code, stderr } = await runToExit({
      PORT: '0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test?sslmode=require',
    });
    expect(code).toBe(1);
    // The line's reason depends on the server (no TLS here, or none listening): one line either way.
    expect(stderr).toMatch(/^baesong: cannot connect to PostgreSQL at 127\.0\.0\.1:5432\/test: [^\n]+\n$/);
  });

  it('exits 1 with one line when the database cannot be opened', async () => {
    const { code, stderr } = await runToExit({ PORT: '0', DATABASE_URL: dir });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toMatch(/^baesong: cannot open the SQLite database /);
  });

  it('exits 1 with one line, promptly, when the folder of the SQLite file cannot be made', async () => {
    const { code, stderr } = await runToExit(
      { PORT: '0', DATABASE_URL: '/proc/baesong-none/data/baesong.sqlite' },
      10_000,
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      "baesong: cannot open the SQLite database /proc/baesong-none/data/baesong.sqlite: ENOENT: no such file or directory, mkdir '/proc/baesong-none'\n",
    );
  });

  it('exits 1 with one line naming the fix when the port is in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { code, stderr } = await runToExit({ PORT: String(port), DATABASE_URL: ':memory:' });
      expect(code).toBe(1);
      expect(stderr).toBe(
        `baesong: cannot listen on 127.0.0.1:${port}: the port is already in use; choose another with PORT or --port, or 0 for a free one\n`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('warns, one line each, about variables it does not read and still starts', async () => {
    const server = await startServerProcess({
      DATABASE_URL: ':memory:',
      BAESONG_ADMIN_TOKN: 'secret',
      LOG_LEVLE: 'debug',
      NODE_ENV: 'test',
    });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(server.stderr()).toBe(
        'baesong: warning: ignoring BAESONG_ADMIN_TOKN, which baesong does not read: did you mean BAESONG_ADMIN_TOKEN?\n' +
          'baesong: warning: ignoring LOG_LEVLE, which baesong does not read: did you mean LOG_LEVEL?\n',
      );
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('keeps merchants, payments, tokens and deliveries across a restart, and stops cleanly on SIGTERM', async () => {
    const databaseUrl = join(dir, 'nested', 'folder', 'baesong.sqlite');
    const first = await startServerProcess({ DATABASE_URL: databaseUrl });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const merchant = (await json(`${first.url}/sandbox/merchants`, { method: 'POST', body: {} })).body;
    const payment = (
      await json(`${first.url}/sandbox/payments`, {
        method: 'POST',
        body: { imp_key: merchant.imp_key, pg_provider: 'kcp', escrow: true },
      })
    ).body;
    const token = (
      await json(`${first.url}/users/getToken`, {
        method: 'POST',
        body: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
      })
    ).body.response.access_token;
    const posted = await json(`${first.url}/escrows/logis/${payment.imp_uid}`, {
      method: 'POST',
      body: escrowBody('kcp'),
      headers: { authorization: token },
    });
    expect(posted.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    // Closed, not just ended: SQLite removes the write-ahead log when its last connection closes.
    expect(existsSync(`${databaseUrl}-wal`)).toBe(false);

    const second = await startServerProcess({ DATABASE_URL: databaseUrl });
    try {
      const auth = { authorization: token };
      const read = await json(`${second.url}/payments/${payment.imp_uid}`, { headers: auth });
      expect(read.status).toBe(200);
      expect(read.body.response).toEqual(payment);
      const escrow = await json(`${second.url}/escrows/logis/${payment.imp_uid}`, { headers: auth });
      expect(escrow.body).toEqual(posted.body);
      const again = await json(`${second.url}/users/getToken`, {
        method: 'POST',
        body: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
      });
      expect(again.body.response.access_token).toBe(token);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });
});

describe('started at a terminal', () => {
  // `script` gives the server a terminal of its own (a pseudo-terminal) and copies what it prints.
  function atTerminal(env: NodeJS.ProcessEnv): ChildProcess {
    return spawn('script', ['-qefc', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], {
      cwd: new URL('../..', import.meta.url),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'dumb', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  async function outputUntil(child: ChildProcess, marker: string): Promise<string> {
    let out = '';
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      out += chunk.toString('utf8');
      if (out.includes(marker)) break;
    }
    return out;
  }

  it('prints a short banner, the address, the database and /docs, instead of JSON logs', async () => {
    const child = atTerminal({ PORT: '0', DATABASE_URL: ':memory:' });
    try {
      const out = await outputUntil(child, 'Stop with Ctrl+C.');
      const url = /baesong is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toContain('  database  SQLite in memory');
      expect(out).toContain(`  API docs  ${url}/docs`);
      expect(out).not.toContain('{"level"');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('keeps JSON logs when LOG_LEVEL is set', async () => {
    const child = atTerminal({ PORT: '0', DATABASE_URL: ':memory:', LOG_LEVEL: 'info' });
    try {
      const out = await outputUntil(child, '"msg":"listening on');
      expect(out).toMatch(/"msg":"listening on http:\/\/127\.0\.0\.1:\d+"/);
      expect(out).not.toContain('baesong is listening on');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
