/**
 * Scale: does creating an outbound place cost the same with a million places stored as with a
 * thousand, and how much memory does the server hold then?
 *
 * Over HTTP a million creates would take most of an hour, so the places are written straight
 * into the SQLite file, row for row as the store writes them: the file is migrated and the
 * vendor created by the server's own code (`openDatabase`, `createVendor`), every place body is
 * the bench's create body passed through the server's own rules (`checkOutboundFields`), its
 * rows are the store's own (`newPlaceRows`), its codes and remote-info ids come from the
 * store's sequences (`nextValues`), and the SQL is Kysely's, compiled once against the schema's
 * types and run as prepared statements in large transactions. Then baesong starts on the file,
 * which must answer the count and refuse a stored name and a stored address as duplicates before
 * the load begins: the server sees a genuine million.
 */
import { closeSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Compilable, Kysely, SqliteDialect } from 'kysely';
import { systemClock, unixSeconds, unmovedClock } from '../src/clock.js';
import { defaultConfig } from '../src/config.js';
import { outboundMessages } from '../src/coupang/messages.js';
import { checkOutboundFields } from '../src/coupang/places/outbound-rules.js';
import { newPlaceRows } from '../src/coupang/places/outbound-store.js';
import { createVendor } from '../src/coupang/vendors.js';
import { openDatabase } from '../src/db/index.js';
import type { Tables } from '../src/db/schema.js';
import { nextValues, SEQUENCES } from '../src/db/sequences.js';
import type { Measured } from './report.js';
import {
  coupangSigner,
  nextRequest,
  outboundCreate,
  outboundPlaceBody,
  type ScenarioRequest,
  type Vendor,
} from './scenarios.js';
import type { Server } from './servers.js';

/** Places written per transaction: large enough that commits cost nothing, small enough to keep the log short. */
const BATCH = 50_000;

/** The few places of the small run. */
export const SMALL_PLACES = 1_000;

export interface Fill {
  places: number;
  /** The code of the first place; the others follow it. */
  firstCode: number;
  seconds: number;
  /** The SQLite file's size once filled and checkpointed. */
  bytes: number;
}

/** The label of the i-th filled place: its name and address detail, distinct from the load's. */
const fillLabel = (i: number) => `fill-${i}`;

/** Runs a compiled query as a prepared statement, with each row's values in the order of the template's keys. */
function prepared(sqlite: SQLite.Database, query: Compilable): (row: object) => void {
  const statement = sqlite.prepare(query.compile().sql);
  return (row) => statement.run(...Object.values(row));
}

/**
 * Creates a SQLite file with baesong's schema, one vendor, and `count` of its outbound places as
 * the store would have written them. Returns the vendor, with its keys, and how long it took.
 */
export async function fillOutboundPlaces(
  file: string,
  count: number,
): Promise<{ vendor: Vendor; fill: Fill }> {
  const started = performance.now();
  let firstCode: number;
  const database = await openDatabase(file);
  let vendor: Vendor;
  try {
    vendor = await createVendor(
      { config: defaultConfig, db: database.db, writes: database.writes, clock: unmovedClock(systemClock) },
      {},
    );
  } finally {
    await database.close();
  }

  const sqlite = new SQLite(file);
  try {
    // This connection only: the file is checkpointed and closed before the server opens it.
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -131072');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    const now = unixSeconds(systemClock);

    const planOf = (i: number) => {
      const plan = checkOutboundFields(outboundPlaceBody(vendor, fillLabel(i)), { userIds: vendor.userIds });
      if (!plan.ok) throw new Error(`the filled place ${i} breaks a rule: ${plan.message}`);
      return plan.value;
    };
    const template = planOf(0);
    const remotePerPlace = template.newRemoteInfos.length;
    // The codes and ids the store would have drawn, one by one, drawn at once (consecutive on SQLite).
    const codes = await nextValues(db, SEQUENCES.outboundPlaceCode, count);
    firstCode = codes[0] as number;
    const remoteIds = await nextValues(db, SEQUENCES.outboundRemoteInfoId, count * remotePerPlace);

    // The rows of insertOutboundPlace, from the store itself; a statement each, compiled by Kysely.
    const rowsOf = (i: number, plan: typeof template) =>
      newPlaceRows(
        vendor.vendorId,
        codes[i] as number,
        plan,
        remoteIds.slice(i * remotePerPlace, (i + 1) * remotePerPlace),
        now,
      );
    const sample = rowsOf(0, template);
    const insertPlace = prepared(sqlite, db.insertInto('coupang_outbound_places').values(sample.place));
    const [sampleKey] = sample.addressKeys;
    if (!sampleKey) throw new Error('the bench place has no address');
    const insertKey = prepared(sqlite, db.insertInto('coupang_outbound_address_keys').values(sampleKey));
    const insertRemote = sample.remoteInfos[0]
      ? prepared(sqlite, db.insertInto('coupang_outbound_remote_infos').values(sample.remoteInfos[0]))
      : () => {};

    const writeBatch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const plan = i === 0 ? template : planOf(i);
        if (plan.newRemoteInfos.length !== remotePerPlace) throw new Error(`place ${i}: remote infos differ`);
        const rows = rowsOf(i, plan);
        insertPlace(rows.place);
        for (const key of rows.addressKeys) insertKey(key);
        for (const remote of rows.remoteInfos) insertRemote(remote);
      }
    });
    for (let from = 0; from < count; from += BATCH) writeBatch(from, Math.min(count, from + BATCH));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
  // On disk before any load: the kernel's write-back of half a gigabyte would otherwise take the
  // machine's time during the first measured run.
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    vendor,
    fill: {
      places: count,
      firstCode,
      seconds: (performance.now() - started) / 1000,
      bytes: statSync(file).size,
    },
  };
}

export interface ScaleSize {
  /** Outbound places stored when the server started. */
  places: number;
  fill: Fill;
  /** Its measured runs, in the order they ran. */
  results: (Measured | { error: string })[];
  /** The server's resident memory once started; once it answered the checks (the count reads every place); after its last run. */
  rssStartKiB: number;
  rssCheckedKiB: number;
  rssKiB: number;
  /** The file-backed part of rssKiB (the Node binary and libraries, shared with other processes). */
  rssFileKiB: number;
}

export interface ScaleReport {
  sizes: ScaleSize[];
  /** The measured runs in the order they ran, as indexes into `sizes`: few, many, many, few. */
  order: number[];
}

/** A size's runs together: the mean of their p50s, and CPU time per request over all of them. */
export function combined(size: ScaleSize): { p50: number; cpuPerRequest: number } | undefined {
  const measured = size.results.filter((r): r is Measured => !('error' in r));
  if (measured.length === 0 || measured.length < size.results.length) return undefined;
  return {
    p50: measured.reduce((sum, r) => sum + r.p50, 0) / measured.length,
    cpuPerRequest:
      measured.reduce((sum, r) => sum + r.cpu * r.seconds, 0) /
      measured.reduce((sum, r) => sum + r.responses, 0),
  };
}

export interface ScaleOptions {
  /** The large count (BENCH_SCALE_PLACES); the small run stores SMALL_PLACES, or as many when fewer. */
  places: number;
  /** Where the SQLite files go; each is removed once its run is over. */
  dir: string;
  /** Starts baesong on a SQLite file. */
  start(databaseFile: string): Promise<Server>;
  /** The same warm-up and measured closed-loop run as the scenario table's. */
  measure(server: Server, request: ScenarioRequest): Promise<Measured>;
  log(line: string): void;
}

async function call(
  server: Server,
  method: 'GET' | 'POST',
  path: string,
  init: ReturnType<typeof nextRequest>,
) {
  const res = await fetch(server.url + path, { method, ...init });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * Checks that the server sees the filled places as its own: it counts them, refuses a stored
 * name and a stored address as duplicates with the documented messages, and numbers the next
 * place after them. Throws otherwise.
 */
async function checkFilled(
  server: Server,
  vendor: Vendor,
  fill: Fill,
  request: ScenarioRequest,
): Promise<void> {
  const queryPath =
    '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1&pageSize=1';
  const query = await call(server, 'GET', queryPath, { headers: coupangSigner(vendor, 'GET', queryPath)() });
  const total = (query.json.pagination as { totalElements?: number } | undefined)?.totalElements;
  if (query.status !== 200 || total !== fill.places) {
    throw new Error(`the server counts ${total} outbound places, not the ${fill.places} written`);
  }
  const middle = Math.floor(fill.places / 2);
  const stored = outboundPlaceBody(vendor, fillLabel(middle));
  const twin = { ...nextRequest(request), body: JSON.stringify(stored) };
  const byName = await call(server, 'POST', request.path, twin);
  const address = outboundPlaceBody(vendor, `check-${process.pid}`);
  address.placeAddresses = stored.placeAddresses;
  const byAddress = await call(server, 'POST', request.path, { ...twin, body: JSON.stringify(address) });
  const expected = [
    [byName, outboundMessages.duplicateName(stored.shippingPlaceName)],
    [byAddress, outboundMessages.duplicateAddress(fill.firstCode + middle)],
  ] as const;
  for (const [answer, message] of expected) {
    if (answer.status !== 400 || answer.json.message !== message) {
      throw new Error(
        `a stored place is not refused as a duplicate: ${answer.status} ${JSON.stringify(answer.json)}`,
      );
    }
  }
  const created = await call(server, 'POST', request.path, nextRequest(request));
  const code = (created.json.data as { resultMessage?: string } | undefined)?.resultMessage;
  if (created.status !== 200 || code !== String(fill.firstCode + fill.places)) {
    throw new Error(
      `the first create after the filled places answered ${created.status} ${JSON.stringify(created.json)}`,
    );
  }
}

/**
 * Writes both files first, then starts baesong on each (both servers up at once, on the server
 * core: the idle one costs nothing) and checks them; loads each once to warm it, not counted;
 * then loads them in the order few, many, many, few, so that a drift of the machine's other
 * load over the minute weighs on both alike.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const counts = [...new Set([Math.min(SMALL_PLACES, options.places), options.places])];
  const files: { file: string; vendor: Vendor; fill: Fill }[] = [];
  const servers: Server[] = [];
  const sizes: ScaleSize[] = [];
  const order = counts.length === 2 ? [0, 1, 1, 0] : [0, 0];
  const fmt = (n: number) => n.toLocaleString('en-US');
  try {
    for (const places of counts) {
      options.log(`scale: writing ${fmt(places)} outbound places into a SQLite file`);
      const file = join(options.dir, `scale-${places}.sqlite`);
      const filled = await fillOutboundPlaces(file, places);
      files.push({ file, ...filled });
      options.log(`scale: ${fmt(places)} places written in ${filled.fill.seconds.toFixed(1)} s`);
    }
    const requests: ScenarioRequest[] = [];
    for (const { file, vendor, fill } of files) {
      const server = await options.start(file);
      servers.push(server);
      const rssStartKiB = server.rssKiB();
      const request = outboundCreate(vendor);
      await checkFilled(server, vendor, fill, request);
      requests.push(request);
      const rssCheckedKiB = server.rssKiB();
      sizes.push({
        places: fill.places,
        fill,
        results: [],
        rssStartKiB,
        rssCheckedKiB,
        rssKiB: 0,
        rssFileKiB: 0,
      });
    }
    // A fresh server spends its first seconds of load compiling its handlers (the scenario
    // table's server had warmed through earlier scenarios): each is loaded once, not counted.
    for (const [i, server] of servers.entries()) {
      options.log(`scale: warming the server with ${fmt(counts[i] as number)} places stored (not counted)`);
      await options.measure(server, requests[i] as ScenarioRequest).catch(() => undefined);
    }
    for (const i of order) {
      const size = sizes[i] as ScaleSize;
      const server = servers[i] as Server;
      options.log(`scale: outbound create with ${fmt(size.places)} places stored`);
      size.results.push(
        await options
          .measure(server, requests[i] as ScenarioRequest)
          .catch((err: Error) => ({ error: err.message })),
      );
      size.rssKiB = server.rssKiB();
      size.rssFileKiB = server.rssFileKiB();
    }
  } finally {
    for (const server of servers) await server.stop();
    for (const { file } of files) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }
  return { sizes, order };
}
