/**
 * `npm run fuzz`: the long fuzz, against a real server process listening on a socket (as
 * `npm start` runs it, on a SQLite file or `FUZZ_DATABASE_URL`). 100,000 requests by default
 * (`FUZZ_REQUESTS`) with Coupang's rate limit off, then a tenth as many with it on, each answer
 * checked against the same invariants as the short fuzz of `npm test`. Between batches: a
 * `/healthz`, a few malformed HTTP requests on raw sockets, and the server's resident memory,
 * which may not grow more than `RSS_GROWTH_LIMIT_MB` past its size after warm-up.
 *
 *   npm run fuzz                       # FUZZ_REQUESTS=100000 FUZZ_SEED=<random> FUZZ_CONCURRENCY=8
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startServerProcess } from '../support/processes.js';
import { type FuzzCase, fuzzCaseArb } from './generators.js';
import { answerProblems, describeCase } from './invariants.js';
import { routesOf } from './routes.js';
import { httpSender } from './send.js';
import { type Answer, buildWorld, type Send } from './world.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS) || 100_000;
const SEED = Number(process.env.FUZZ_SEED) || (Math.random() * 2 ** 31) >>> 0;
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY) || 8;
const BATCH = 1_000;
/**
 * Resident memory may grow this much: the median of the samples taken after the last tenth of the
 * batches, against the median of those after the second tenth (the first tenth is warm-up). Medians,
 * because a 1 MiB body now and then moves the resident size by tens of MB until the next collection.
 */
const RSS_GROWTH_LIMIT_MB = 64;

const MALFORMED_HTTP = [
  'GARBAGE\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  'POST /users/getToken HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  'POST /users/getToken HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
  `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  'GET /v2/providers/x HTTP/9.9\r\n\r\n',
  '\u0000\u0001\u0002\r\n\r\n',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Sends one malformed request on its own socket; resolves with the status line (or '' when closed without one). */
function malformed(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () => resolve(out.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(out.split('\r\n')[0] ?? ''));
    socket.write(bytes);
    setTimeout(() => socket.end(), 2_000).unref();
  });
}

interface PhaseReport {
  rateLimit: number;
  requests: number;
  failures: number;
  clientErrors: number;
  /** Why the client could not send or read them, by error code. */
  clientErrorCodes: Record<string, number>;
  statuses: Record<string, number>;
  rssWarmMb: number;
  rssMaxMb: number;
  rssEndMb: number;
  /** Enough batches to tell growth from the noise of collections (the long phase). */
  memoryJudged: boolean;
  exitCode: number | null;
  serverErrorLogs: number;
}

async function runPhase(rateLimit: number, requests: number, seed: number): Promise<PhaseReport> {
  const dir = mkdtempSync(join(tmpdir(), 'baesong-fuzz-'));
  const databaseUrl = process.env.FUZZ_DATABASE_URL || join(dir, 'fuzz.sqlite');
  const server = await startServerProcess({
    DATABASE_URL: databaseUrl,
    COUPANG_RATE_LIMIT: String(rateLimit),
    LOG_LEVEL: 'error',
  });
  const pid = server.child.pid as number;
  const port = Number(new URL(server.url).port);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const send: Send = httpSender(server.url, agent);
  const report: PhaseReport = {
    rateLimit,
    requests: 0,
    failures: 0,
    clientErrors: 0,
    clientErrorCodes: {},
    statuses: {},
    rssWarmMb: 0,
    rssMaxMb: 0,
    rssEndMb: 0,
    memoryJudged: false,
    exitCode: null,
    serverErrorLogs: 0,
  };
  const shown: string[] = [];
  try {
    const routes = routesOf(
      JSON.parse((await send({ method: 'GET', url: '/openapi.json', headers: {} })).body),
    );
    const world = await buildWorld(send, () => Date.now());
    const arbitrary = fuzzCaseArb(routes, world);
    const samples: number[] = [];

    for (let batch = 0; report.requests < requests; batch++) {
      const cases = fc.sample(arbitrary, {
        seed: seed + batch,
        numRuns: Math.min(BATCH, requests - report.requests),
      });
      let next = 0;
      const worker = async () => {
        for (let c: FuzzCase | undefined; (c = cases[next++]);) {
          let answer: Answer | undefined;
          try {
            answer = await send(c.exchange);
          } catch (err) {
            // The client refused to send it (a header Node will not write) or the server closed a
            // connection it had answered 4xx on: not an answer to judge, but counted.
            report.clientErrors++;
            const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
            report.clientErrorCodes[code] = (report.clientErrorCodes[code] ?? 0) + 1;
            if (code === 'ECONNREFUSED') throw err;
            if (process.env.FUZZ_DEBUG)
              process.stdout.write(`client error ${code}: ${describeCase(c, undefined, [])}\n`);
            continue;
          }
          report.requests++;
          const key = `${c.route.method} ${c.route.path} → ${answer.status}`;
          report.statuses[key] = (report.statuses[key] ?? 0) + 1;
          const problems = answerProblems(c, answer, { rateLimited: rateLimit > 0 });
          if (problems.length > 0) {
            report.failures++;
            if (shown.length < 10) shown.push(describeCase(c, answer, problems));
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      for (const bytes of MALFORMED_HTTP) await malformed(port, bytes);
      const health = await send({ method: 'GET', url: '/healthz', headers: {} });
      if (health.status !== 200) throw new Error(`/healthz answered ${health.status} after batch ${batch}`);
      const rss = rssMb(pid);
      samples.push(rss);
      report.rssMaxMb = Math.max(report.rssMaxMb, rss);
      if (batch % 10 === 9) {
        process.stdout.write(
          `  ${report.requests} requests, ${report.failures} invariant failures, RSS ${rss.toFixed(1)} MB\n`,
        );
      }
    }
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    report.rssWarmMb = median(samples.slice(tenth, 2 * tenth));
    report.rssEndMb = median(samples.slice(-tenth));
    report.memoryJudged = samples.length >= 50;
  } finally {
    agent.destroy();
    await server.stop();
    report.exitCode = server.child.exitCode;
    // pino writes to stdout; a line at level 50 (error) is a request that failed unexpectedly.
    report.serverErrorLogs = `${server.stdout()}\n${server.stderr()}`
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l)).length;
    rmSync(dir, { recursive: true, force: true });
  }
  for (const s of shown) process.stdout.write(`\nINVARIANT FAILURE: ${s}\n`);
  return report;
}

async function main() {
  process.stdout.write(
    `fuzzing a server process: ${REQUESTS} requests, seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`,
  );
  const phases = [
    { rateLimit: 0, requests: REQUESTS },
    { rateLimit: 10, requests: Math.max(BATCH, Math.round(REQUESTS / 10)) },
  ];
  let ok = true;
  let total = 0;
  let failures = 0;
  for (const phase of phases) {
    process.stdout.write(`\nCOUPANG_RATE_LIMIT=${phase.rateLimit}: ${phase.requests} requests\n`);
    const r = await runPhase(phase.rateLimit, phase.requests, SEED);
    total += r.requests;
    failures += r.failures;
    const growth = r.rssEndMb - r.rssWarmMb;
    const memoryOk = !r.memoryJudged || growth <= RSS_GROWTH_LIMIT_MB;
    ok &&= r.failures === 0 && memoryOk && r.exitCode === 0 && r.serverErrorLogs === 0;
    process.stdout.write(
      `  answered: ${r.requests} (not sent or not read by the client: ${r.clientErrors} ${JSON.stringify(r.clientErrorCodes)}), invariant failures: ${r.failures}\n` +
        `  RSS (median) after warm-up ${r.rssWarmMb.toFixed(1)} MB, at the end ${r.rssEndMb.toFixed(1)} MB, max ${r.rssMaxMb.toFixed(1)} MB: ` +
        `growth ${growth.toFixed(1)} MB ${r.memoryJudged ? `(limit ${RSS_GROWTH_LIMIT_MB} MB) ${memoryOk ? 'ok' : 'TOO MUCH'}` : '(too few batches to judge)'}\n` +
        `  server error log lines: ${r.serverErrorLogs}; exit code after SIGTERM: ${r.exitCode}\n`,
    );
    if (process.env.FUZZ_STATS) {
      for (const [key, n] of Object.entries(r.statuses).sort())
        process.stdout.write(`${String(n).padStart(8)}  ${key}\n`);
    }
  }
  process.stdout.write(
    `\n${ok ? 'PASS' : 'FAIL'}: ${total} requests fuzzed, ${failures} invariant failures\n`,
  );
  process.exit(ok ? 0 : 1);
}

await main();
