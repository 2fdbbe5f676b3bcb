import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PortOneClient, SandboxClient } from '../../src/client/index.js';
import { runCli, runToExit, spawnCli, startServerProcess } from '../support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'baesong-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `baesong serve` with options, the environment given apart. */
const serve = (args: string[]) => ({ spawn: (env: NodeJS.ProcessEnv) => spawnCli(['serve', ...args], env) });

describe('baesong serve', () => {
  it('serves as npm start does, options over the environment, and stops cleanly on SIGTERM', async () => {
    const databaseUrl = join(dir, 'serve.sqlite');
    // PORT and DATABASE_URL of the environment are replaced by the options, a bad PORT included.
    const server = await startServerProcess(
      { PORT: 'eighty', DATABASE_URL: join(dir, 'not-this-one', 'x.sqlite') },
      serve(['--port', '0', '--database', databaseUrl, '--host', '127.0.0.1']),
    );
    let merchant: { imp_key: string; imp_secret: string };
    let token: string;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      merchant = await new SandboxClient({ baseUrl: server.url }).createMerchant();
      const client = new PortOneClient({
        baseUrl: server.url,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
      });
      token = (await client.getToken()).access_token;
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    // The data went to --database: npm start on that file knows the merchant and its token.
    const again = await startServerProcess({ DATABASE_URL: databaseUrl });
    try {
      const client = new PortOneClient({
        baseUrl: again.url,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
      });
      expect((await client.getToken()).access_token).toBe(token);
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
    // Two starts from the sources, and two stops that each give the client's idle keep-alive
    // connection its second: on a busy machine this takes longer than the default 20 s.
  }, 60_000);

  it.each([
    [
      '--port eighty',
      ['--port', 'eighty'],
      {},
      'baesong: --port must be a whole number from 0 to 65535, got "eighty"',
    ],
    [
      'PORT=eighty',
      [],
      { PORT: 'eighty' },
      'baesong: PORT must be a whole number from 0 to 65535, got "eighty"',
    ],
    [
      '--shutdown-timeout soon',
      ['--shutdown-timeout', 'soon'],
      {},
      'baesong: --shutdown-timeout must be a whole number from 0 to 3600, got "soon"',
    ],
    [
      'BAESONG_SHUTDOWN_TIMEOUT=-1',
      [],
      { BAESONG_SHUTDOWN_TIMEOUT: '-1' },
      'baesong: BAESONG_SHUTDOWN_TIMEOUT must be a whole number from 0 to 3600, got "-1"',
    ],
    [
      '--host 0.0.0.0 without an admin token',
      ['--host', '0.0.0.0'],
      {},
      'baesong: refusing to serve the sandbox API on 0.0.0.0 without BAESONG_ADMIN_TOKEN: set a token, or bind to 127.0.0.1',
    ],
  ])('exits 1 with one clear line for %s', async (_case, args, env, line) => {
    const { code, stderr } = await runCli(['serve', '--database', ':memory:', ...args], env);
    expect(code).toBe(1);
    expect(stderr).toBe(`${line}\n`);
  });

  it('takes --shutdown-timeout over BAESONG_SHUTDOWN_TIMEOUT, and says the deadline when it stops', async () => {
    const server = await startServerProcess(
      { LOG_LEVEL: 'info', BAESONG_SHUTDOWN_TIMEOUT: 'never' },
      serve(['--port', '0', '--database', ':memory:', '--shutdown-timeout', '3']),
    );
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stdout()).toContain('SIGTERM received: finishing requests in flight (for at most 3 s)');
  });

  it('fails with the same line as npm start when the database cannot be opened', async () => {
    const viaCli = await runCli(['serve', '--port', '0', '--database', dir]);
    const viaMain = await runToExit({ PORT: '0', DATABASE_URL: dir });
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toMatch(/^baesong: cannot open the SQLite database /);
    expect(viaCli.stderr).toBe(viaMain.stderr);
  });

  it('has --help, and exits 2 on an unknown option', async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: baesong serve [options]');
    expect(help.stdout).toContain('--database <url>');
    const wrong = await runCli(['serve', '--prot', '0']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("error: unknown option '--prot'");
  });
});
