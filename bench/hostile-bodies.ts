/**
 * Hostile bodies (`npm run bench:hostile-bodies`): does a client with a token still read quickly
 * while four clients without credentials post the worst bodies the routes take?
 *
 * baesong (`dist/cli.js serve`, a fresh SQLite file) on the server core. One client with a token
 * reads a payment (`GET /payments/{imp_uid}`, one connection, closed loop) alone, then while four
 * hostile connections post just under 1 MiB each, two to `POST /users/getToken` (whose credentials
 * are its body) and two to `POST /escrows/logis/{imp_uid}` without a token, then alone again:
 *
 * - `tiny objects`: `{"imp_key":"x","imp_secret":"y","pad":[{},{},…]}`, some 350,000 objects;
 * - `worst accepted`: the most values a body may hold (`MAX_JSON_VALUES`) and a string filling the
 *   rest of the MiB: the costliest body the body step lets through to a parser.
 *
 * The hostile connections run in a child process of their own (on the load core, beside the
 * reader), so that sending them never delays the reader's own requests in this process.
 * Target: the reader's p99 under load at most 3 × its p99 alone, in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BODY_BYTES } from '../src/http/body.js';
import { MAX_JSON_VALUES } from '../src/http/json-scan.js';
import { closedLoop, type LoadResult } from './load.js';
import { pinning } from './machine.js';
import { freePort, startServer } from './servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const HOSTILE_CONNECTIONS = 4;
const TARGET_RATIO = 3;
/** The build to load (`BENCH_DIST`, default `dist`): another checkout's, to compare before and after. */
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');

type BodyKind = 'tiny objects' | 'worst accepted';

/** Just under 1 MiB: `fields` (JSON text of an object) and the padding of `kind`. */
function hostileBody(fields: string, kind: BodyKind): string {
  const room = MAX_BODY_BYTES - Buffer.byteLength(fields) - 64;
  const open = fields.slice(0, -1);
  if (kind === 'tiny objects') return `${open},"pad":[${'{},'.repeat(Math.floor(room / 3) - 1)}{}]}`;
  // The object, its fields and the list take a few values; the rest of the limit are `{}`.
  const objects = MAX_JSON_VALUES - 10;
  const text = 'x'.repeat(room - objects * 3 - 16);
  return `${open},"pad":[${'{},'.repeat(objects - 1)}{}],"text":"${text}"}`;
}

/** The child process: four hostile connections for `seconds`; prints their answers' statuses. */
async function hostile(url: string, impUid: string, kind: BodyKind, seconds: number): Promise<void> {
  const targets = [
    { path: '/users/getToken', body: hostileBody('{"imp_key":"x","imp_secret":"y"}', kind) },
    { path: `/escrows/logis/${impUid}`, body: hostileBody('{"sender":{},"receiver":{},"logis":{}}', kind) },
  ];
  const runs = targets.map((target) =>
    closedLoop(
      url,
      {
        method: 'POST',
        path: target.path,
        headers: { 'content-type': 'application/json' },
        body: target.body,
      },
      { connections: HOSTILE_CONNECTIONS / targets.length, seconds },
    ),
  );
  const statuses = (await Promise.all(runs)).map((r, i) => ({
    path: targets[i]!.path,
    statuses: r.statuses,
  }));
  process.stdout.write(JSON.stringify(statuses));
}

/** Starts the hostile child; resolves with what its connections were answered, once it ends. */
function startHostile(url: string, impUid: string, kind: BodyKind, seconds: number): Promise<string> {
  const script = fileURLToPath(import.meta.url);
  const node = [process.execPath, ...process.execArgv, script, 'hostile', url, impUid, kind, String(seconds)];
  const [file, ...args] =
    pinning.loaderCore === undefined ? node : ['taskset', '-c', pinning.loaderCore, ...node];
  const child: ChildProcess = spawn(file as string, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  return once(child, 'exit').then(() => out);
}

async function call(base: string, method: string, path: string, body?: unknown, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Phase {
  name: string;
  reader: LoadResult;
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'cli.js'))) throw new Error(`${DIST}/cli.js is missing: npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'baesong-bench-hostile-'));
  const port = await freePort();
  const server = await startServer(
    {
      name: 'baesong',
      args: [join(DIST, 'cli.js'), 'serve'],
      cwd: ROOT,
      env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir, 'b.sqlite'), LOG_LEVEL: 'warn' },
    },
    port,
    '/healthz',
    (status) => status === 200,
  );
  try {
    const merchant = (await call(server.url, 'POST', '/sandbox/merchants', {})) as Record<string, string>;
    const payment = (await call(server.url, 'POST', '/sandbox/payments', {
      imp_key: merchant.imp_key,
      pg_provider: 'html5_inicis',
      escrow: true,
    })) as { imp_uid: string };
    const token = (
      (await call(server.url, 'POST', '/users/getToken', {
        imp_key: merchant.imp_key,
        imp_secret: merchant.imp_secret,
      })) as { response: { access_token: string } }
    ).response.access_token;
    const read = {
      method: 'GET' as const,
      path: `/payments/${payment.imp_uid}`,
      headers: { authorization: token },
    };
    const reader = async (seconds: number) => closedLoop(server.url, read, { connections: 1, seconds });

    await reader(WARMUP);
    const phases: Phase[] = [{ name: 'alone', reader: await reader(SECONDS) }];
    const hostileAnswers: string[] = [];
    for (const kind of ['tiny objects', 'worst accepted'] as const) {
      const answered = startHostile(server.url, payment.imp_uid, kind, WARMUP + SECONDS + 1);
      await new Promise((resolve) => setTimeout(resolve, WARMUP * 1000));
      phases.push({ name: `with 4 hostile clients (${kind})`, reader: await reader(SECONDS) });
      hostileAnswers.push(`${kind}: ${await answered}`);
    }
    phases.push({ name: 'alone again', reader: await reader(SECONDS) });

    const alone = Math.max(phases[0]!.reader.p99, phases.at(-1)!.reader.p99);
    console.log(
      `reader: GET /payments/{imp_uid}, 1 connection, ${SECONDS} s a phase; p99 alone: the larger of the two runs alone`,
    );
    console.log('| phase | reads/s | p50 ms | p99 ms | p99 / p99 alone | statuses |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const { name, reader: r } of phases) {
      const ratio = r.p99 / alone;
      const verdict = name.startsWith('with') ? ` (${ratio <= TARGET_RATIO ? 'reached' : 'missed'})` : '';
      console.log(
        `| ${name} | ${Math.round(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${ratio.toFixed(2)}×${verdict} | ${JSON.stringify(r.statuses)} |`,
      );
    }
    console.log(`hostile connections' answers (status: count):\n${hostileAnswers.join('\n')}`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'hostile') {
  const [, , , url, impUid, kind, seconds] = process.argv;
  await hostile(url as string, impUid as string, kind as BodyKind, Number(seconds));
} else {
  await main();
}
