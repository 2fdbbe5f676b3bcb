import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = pathToFileURL(join(ROOT, 'src/')).href;
/** The one server module the client may load: Coupang's signer, so both sign alike. */
const SIGNER = `${SRC}coupang/gateway/hmac.ts`;
const dir = mkdtempSync(join(tmpdir(), 'baesong-isolation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A resolve hook that writes down every module URL the process resolves. */
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, result.url + '\\n');
  return result;
}
`;
const REGISTER = `
import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});
`;

/** Every module URL the process resolves while importing `entry`, once each. */
async function resolvedBy(entry: string, log: string): Promise<string[]> {
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'register.mjs'), REGISTER);
  writeFileSync(log, '');
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(join(dir, 'register.mjs')).href,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(entry)});`,
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RESOLVED_LOG: log } },
  );
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}

describe('baesong/client', () => {
  it('SandboxClient loads no Node module (it is to run in a browser too)', async () => {
    const entry = `${SRC}client/sandbox.ts`;
    const resolved = await resolvedBy(entry, join(dir, 'sandbox-resolved.log'));
    expect(resolved).toContain(entry);
    const ours = resolved.filter((url) => url.startsWith(SRC));
    expect(ours.every((url) => url.startsWith(`${SRC}client/`))).toBe(true);
    expect(resolved.filter((url) => !url.startsWith(SRC))).toEqual([]);
  });

  it('loads no server module and no dependency: only src/client/ and the Coupang signer', async () => {
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'register.mjs'), REGISTER);
    const log = join(dir, 'resolved.log');
    writeFileSync(log, '');
    const entry = `${SRC}client/index.ts`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        pathToFileURL(join(dir, 'register.mjs')).href,
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(entry)}); console.log(Object.keys(m).sort().join(' '));`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RESOLVED_LOG: log } },
    );
    // The module works: its exports are there.
    expect(stdout.trim().split(' ')).toEqual(
      expect.arrayContaining([
        'PortOneClient',
        'PortOneError',
        'CoupangClient',
        'CoupangError',
        'BaesongClientError',
        'SandboxClient',
      ]),
    );

    const resolved = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
    const ours = resolved.filter((url) => url.startsWith(SRC));
    const client = (url: string) => url.startsWith(`${SRC}client/`);
    // The hook saw the client itself (so it did record)...
    expect(ours).toContain(entry);
    expect(ours).toContain(`${SRC}client/portone.ts`);
    expect(ours).toContain(`${SRC}client/coupang.ts`);
    // ...and nothing of the server but the signer, which imports only node:crypto: not even
    // the schema modules its types come from.
    expect(ours.filter((url) => !client(url))).toEqual([SIGNER]);
    const packages = resolved.filter((url) =>
      /node_modules\/(fastify|kysely|better-sqlite3|pg|@sinclair)\b/.test(url),
    );
    expect(packages).toEqual([]);
    // No dependency at all: only Node's own modules besides these.
    expect(resolved.filter((url) => !client(url) && url !== SIGNER && !url.startsWith('node:'))).toEqual([]);
  });
});
