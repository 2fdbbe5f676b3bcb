/**
 * `npm run crash-test`: kills the server process with SIGKILL in the middle of a write load,
 * restarts it on the same database, and checks that every write answered 200/201 is there and that
 * nothing is half-written: an escrow delivery has every field it was sent, a Paymentwall step its
 * fields, a place its addresses (and their duplicate keys) and its remote infos. On a SQLite file
 * and on PostgreSQL (`BAESONG_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test,
 * in a schema of its own; skipped with a line when it does not answer).
 *
 *   npm run crash-test                 # CRASH_CYCLES=3 per engine
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escrowBody, paymentwallBody } from '../support/fixtures.js';
import { maintenanceUrl, runSql, withSchema } from '../support/postgres.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { httpSender } from './send.js';
import {
  createMerchantWithPayments,
  createVendorWithPlace,
  outboundCreatePath,
  outboundPlaceBody,
  type Send,
  signedHeaders,
  type World,
  type WorldMerchant,
  type WorldVendor,
} from './world.js';

const CYCLES = Number(process.env.CRASH_CYCLES) || 3;
const CONCURRENCY = 16;

interface Totals {
  acknowledged: number;
  found: number;
  missing: string[];
  halfWritten: string[];
  unanswered: number;
}

const json = (payload: unknown) => JSON.stringify(payload);

async function call(
  send: Send,
  method: string,
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
) {
  const answer = await send({
    method,
    url,
    headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(payload !== undefined ? { payload: json(payload) } : {}),
  });
  return { status: answer.status, body: JSON.parse(answer.body) };
}

const PW_STATUSES = ['order_placed', 'order_shipped', 'delivering', 'delivered'];

/** What the load asked for and what was acknowledged, to check after the restart. */
interface Ledger {
  /** imp_uid → invoices acknowledged in order (POST, then PUTs), and ones sent without an answer. */
  escrow: Map<string, { acked: string[]; inFlight: string[]; merchant: WorldMerchant }>;
  /** imp_uid → statuses acknowledged. */
  paymentwall: Map<string, { acked: string[]; merchant: WorldMerchant }>;
  /** place code → name, for acknowledged creates. */
  places: Map<string, { vendor: WorldVendor; name: string; detail: string }>;
  /** imp_uids of acknowledged sandbox payments, with their merchant. */
  payments: Map<string, WorldMerchant>;
}

async function newPayment(send: Send, merchant: WorldMerchant, body: Record<string, unknown>) {
  const res = await call(send, 'POST', '/sandbox/payments', {}, { imp_key: merchant.imp_key, ...body });
  if (res.status !== 201) throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { imp_uid: string; merchant_uid: string };
}

/** Sends writes until the server dies; records what was acknowledged. */
async function writeLoad(send: Send, world: World, ledger: Ledger, cycle: number, stop: { dead: boolean }) {
  let n = 0;
  let unanswered = 0;
  const worker = async (w: number) => {
    while (!stop.dead) {
      const i = n++;
      const merchant = world.merchants[i % 2]!;
      const vendor = world.vendors[i % 2]!;
      const kind = i % 5;
      try {
        if (kind === 0) {
          // A new escrow payment and its delivery, then a change of it.
          const payment = await newPayment(send, merchant, { pg_provider: 'html5_inicis', escrow: true });
          ledger.payments.set(payment.imp_uid, merchant);
          const entry = { acked: [] as string[], inFlight: [] as string[], merchant };
          ledger.escrow.set(payment.imp_uid, entry);
          for (const [method, invoice] of [
            ['POST', `${cycle}-${i}-a`],
            ['PUT', `${cycle}-${i}-b`],
          ] as const) {
            entry.inFlight.push(invoice);
            const res = await call(
              send,
              method,
              `/escrows/logis/${payment.imp_uid}`,
              { authorization: merchant.token },
              escrowBody('html5_inicis', { invoice }),
            );
            if (res.status !== 200)
              throw new Error(`escrow ${method}: ${res.status} ${JSON.stringify(res.body)}`);
            entry.acked.push(invoice);
          }
        } else if (kind === 1) {
          const payment = await newPayment(send, merchant, { pg_provider: 'paymentwall' });
          ledger.payments.set(payment.imp_uid, merchant);
          const entry = { acked: [] as string[], merchant };
          ledger.paymentwall.set(payment.imp_uid, entry);
          for (const status of PW_STATUSES.slice(0, 1 + (i % 4))) {
            const res = await call(
              send,
              'POST',
              '/paymentwall/delivery',
              { authorization: merchant.token },
              paymentwallBody(payment, { status }),
            );
            if (res.status !== 200) throw new Error(`paymentwall: ${res.status} ${JSON.stringify(res.body)}`);
            entry.acked.push(status);
          }
        } else {
          const name = `crash ${cycle}-${i}-${w}`;
          const url = outboundCreatePath(vendor.vendorId);
          const body = outboundPlaceBody(vendor.vendorId, `c${cycle}-${i}`);
          body.shippingPlaceName = name;
          const res = await call(send, 'POST', url, signedHeaders(world, vendor, 'POST', url), body);
          if (res.status !== 200) throw new Error(`place: ${res.status} ${JSON.stringify(res.body)}`);
          ledger.places.set(res.body.data.resultMessage, {
            vendor,
            name,
            detail: body.placeAddresses[0]!.returnAddressDetail,
          });
        }
      } catch (err) {
        if (!stop.dead && !/ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/.test(String(err))) throw err;
        unanswered++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return unanswered;
}

function sameJson(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks the restarted server against the ledger. */
async function verify(send: Send, world: World, ledger: Ledger, totals: Totals) {
  // Tokens were stored: they still work after the crash.
  for (const m of world.merchants) {
    const res = await call(send, 'GET', `/payments/${m.payments.inicis}`, { authorization: m.token });
    totals.acknowledged++;
    if (res.status === 200) totals.found++;
    else totals.missing.push(`token of ${m.merchant_id}: ${res.status}`);
  }
  for (const [impUid, merchant] of ledger.payments) {
    const res = await call(send, 'GET', `/payments/${impUid}`, { authorization: merchant.token });
    totals.acknowledged++;
    if (res.status === 200) totals.found++;
    else totals.missing.push(`payment ${impUid}: ${res.status}`);
  }
  for (const [impUid, entry] of ledger.escrow) {
    const res = await call(send, 'GET', `/sandbox/payments/${impUid}/deliveries`, {});
    const stored = res.body.escrow as { logis: { invoice: string } } | null;
    totals.acknowledged += entry.acked.length;
    const lastAcked = entry.acked.at(-1);
    if (!stored) {
      if (lastAcked) totals.missing.push(`escrow ${impUid}: none, acknowledged ${lastAcked}`);
      continue;
    }
    const invoice = stored.logis.invoice;
    // The last acknowledged write, or one sent after it whose answer the crash cut off.
    const allowed = entry.inFlight.slice(Math.max(0, entry.acked.length - 1));
    if (!allowed.includes(invoice))
      totals.missing.push(`escrow ${impUid}: ${invoice}, acknowledged ${lastAcked}`);
    else totals.found += entry.acked.length;
    const { applied_at: _applied, ...whole } = res.body.escrow;
    if (!sameJson(whole, escrowBody('html5_inicis', { invoice })))
      totals.halfWritten.push(`escrow ${impUid}: ${JSON.stringify(whole)}`);
  }
  for (const [impUid, entry] of ledger.paymentwall) {
    const res = await call(send, 'GET', `/sandbox/payments/${impUid}/deliveries`, {});
    const history = res.body.paymentwall as Record<string, unknown>[];
    totals.acknowledged += entry.acked.length;
    const statuses = history.map((h) => h.status);
    if (!sameJson(statuses.slice(0, entry.acked.length), entry.acked)) {
      totals.missing.push(
        `paymentwall ${impUid}: ${statuses.join(',')}, acknowledged ${entry.acked.join(',')}`,
      );
    } else totals.found += entry.acked.length;
    for (const h of history) {
      const { received_at: _r, imp_uid: _i, merchant_uid: _m, status, ...fields } = h;
      const {
        imp_uid: _bi,
        merchant_uid: _bm,
        status: _bs,
        ...sent
      } = paymentwallBody({ imp_uid: '', merchant_uid: '' }, { status });
      if (!sameJson(Object.keys(fields).sort(), Object.keys(sent).sort())) {
        totals.halfWritten.push(`paymentwall ${impUid}: ${JSON.stringify(h)}`);
      }
    }
  }
  const url = '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound';
  for (const vendor of world.vendors) {
    for (let page = 1; ; page++) {
      const target = `${url}?pageNum=${page}&pageSize=50`;
      const res = await call(send, 'GET', target, signedHeaders(world, vendor, 'GET', target));
      const content = res.body.content as {
        outboundShippingPlaceCode: number;
        shippingPlaceName: string;
        placeAddresses: Record<string, unknown>[];
        remoteInfos: unknown[];
      }[];
      for (const place of content) {
        const code = String(place.outboundShippingPlaceCode);
        const address = place.placeAddresses[0];
        const complete =
          place.placeAddresses.length === 1 &&
          place.remoteInfos.length === 1 &&
          [
            'addressType',
            'countryCode',
            'companyContactNumber',
            'phoneNumber2',
            'returnZipCode',
            'returnAddress',
            'returnAddressDetail',
          ].every((k) => typeof address?.[k] === 'string' && address[k] !== '');
        if (!complete) totals.halfWritten.push(`place ${code}: ${JSON.stringify(place)}`);
        const expected = ledger.places.get(code);
        if (expected && expected.name !== place.shippingPlaceName)
          totals.missing.push(`place ${code}: named ${place.shippingPlaceName}`);
      }
      if (content.length < 50) break;
    }
  }
  for (const [code, place] of ledger.places) {
    totals.acknowledged++;
    const target = `${url}?placeCodes=${code}`;
    const res = await call(send, 'GET', target, signedHeaders(world, place.vendor, 'GET', target));
    if (res.body.content?.length !== 1) {
      totals.missing.push(`place ${code}: not found`);
      continue;
    }
    // Its address keys are there: another place at the same address is refused, naming this one.
    const create = outboundCreatePath(place.vendor.vendorId);
    const twin = outboundPlaceBody(place.vendor.vendorId, 'twin');
    twin.shippingPlaceName = `twin of ${code} ${randomBytes(3).toString('hex')}`;
    twin.placeAddresses[0]!.returnAddressDetail = place.detail;
    const dup = await call(send, 'POST', create, signedHeaders(world, place.vendor, 'POST', create), twin);
    if (dup.status === 400 && String(dup.body.message).includes(`(중복 주소지 코드:${code})`)) totals.found++;
    else
      totals.halfWritten.push(`place ${code}: its address is not held (${dup.status} ${dup.body.message})`);
  }
}

async function crashCycles(engine: string, databaseUrl: string): Promise<Totals> {
  const totals: Totals = { acknowledged: 0, found: 0, missing: [], halfWritten: [], unanswered: 0 };
  const ledger: Ledger = {
    escrow: new Map(),
    paymentwall: new Map(),
    places: new Map(),
    payments: new Map(),
  };
  const env = { DATABASE_URL: databaseUrl, COUPANG_RATE_LIMIT: '0', LOG_LEVEL: 'error' };
  let server: ServerProcess = await startServerProcess(env);
  let agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let send = httpSender(server.url, agent);
  const nowMs = () => Date.now();
  const world: World = {
    merchants: [await createMerchantWithPayments(send, 'A'), await createMerchantWithPayments(send, 'B')],
    vendors: [await createVendorWithPlace(send, nowMs, 'A'), await createVendorWithPlace(send, nowMs, 'B')],
    nowMs,
  };
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const stop = { dead: false };
    const load = writeLoad(send, world, ledger, cycle, stop);
    // Kill somewhere between 1 and 3 seconds into the load, wherever the writes are.
    await new Promise((r) => setTimeout(r, 1_000 + Math.random() * 2_000));
    stop.dead = true;
    server.child.kill('SIGKILL');
    totals.unanswered += await load;
    await new Promise((r) => server.child.once('exit', r));
    agent.destroy();
    server = await startServerProcess(env);
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    send = httpSender(server.url, agent);
    process.stdout.write(
      `  ${engine} cycle ${cycle}: killed; ${ledger.escrow.size} escrow payments, ${ledger.paymentwall.size} Paymentwall payments, ${ledger.places.size} places so far\n`,
    );
  }
  await verify(send, world, ledger, totals);
  agent.destroy();
  await server.stop();
  return totals;
}

async function main() {
  const engines: { name: string; url: string; cleanup: () => Promise<void> }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'baesong-crash-'));
  engines.push({
    name: 'sqlite',
    url: join(dir, 'crash.sqlite'),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  });
  try {
    await runSql(maintenanceUrl, 'select 1');
    const schema = `crash_${process.pid}_${randomBytes(4).toString('hex')}`;
    engines.push({
      name: 'postgres',
      url: withSchema(maintenanceUrl, schema),
      cleanup: () => runSql(maintenanceUrl, `drop schema if exists ${schema} cascade`),
    });
  } catch (err) {
    process.stdout.write(`PostgreSQL not reachable (${(err as Error).message}): its half is skipped\n`);
  }
  let ok = true;
  for (const engine of engines) {
    process.stdout.write(`\n${engine.name}: ${CYCLES} SIGKILLs under write load\n`);
    try {
      const t = await crashCycles(engine.name, engine.url);
      const pass = t.missing.length === 0 && t.halfWritten.length === 0 && t.found === t.acknowledged;
      ok &&= pass;
      process.stdout.write(
        `  writes acknowledged: ${t.acknowledged}, found after the crashes: ${t.found}, missing: ${t.missing.length}, ` +
          `half-written: ${t.halfWritten.length}, requests cut off by the kills: ${t.unanswered} → ${pass ? 'ok' : 'FAIL'}\n`,
      );
      for (const line of [...t.missing, ...t.halfWritten].slice(0, 20)) process.stdout.write(`    ${line}\n`);
    } finally {
      await engine.cleanup();
    }
  }
  process.stdout.write(`\n${ok ? 'PASS' : 'FAIL'}\n`);
  process.exit(ok ? 0 : 1);
}

await main();
