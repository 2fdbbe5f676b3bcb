import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInvoices, summaryLine } from '../../src/cli/import-invoices.js';
import { type Payment, PortOneClient, SandboxClient, type SandboxMerchant } from '../../src/client/index.js';
import { systemClock, unmovedClock } from '../../src/clock.js';
import { defaultConfig } from '../../src/config.js';
import { findMerchantByKey } from '../../src/portone/merchants.js';
import { messages } from '../../src/portone/messages.js';
import { createPayment, type NewPayment } from '../../src/portone/payments.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { escrowBody } from '../support/fixtures.js';
import { runCli } from '../support/processes.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';

const COLUMNS = [
  'imp_uid',
  'company',
  'invoice',
  'sent_at',
  'sender_name',
  'sender_tel',
  'sender_addr',
  'sender_postcode',
  'sender_relationship',
  'receiver_name',
  'receiver_tel',
  'receiver_addr',
  'receiver_postcode',
  'receiving_at',
  'address',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

/** A complete row for the payment's PG. */
function goodRow(payment: Payment, i: number): Row {
  const logis = { imp_uid: payment.imp_uid, company: 'CJGLS', invoice: String(600000000000 + i) };
  const sent_at = i % 2 === 0 ? '1795000000' : '2026-11-23 10:00';
  if (payment.pg_provider === 'html5_inicis') {
    return {
      ...logis,
      sent_at,
      sender_name: '김발송',
      sender_tel: '02-1234-5678',
      sender_addr: '서울특별시 중구 세종대로 110',
      sender_postcode: '04524',
      receiver_name: '이수령',
      receiver_tel: '010-1234-5678',
      receiver_addr: '부산광역시 해운대구 센텀중앙로 79, 101동 1004호',
      receiver_postcode: '48058',
    };
  }
  if (payment.pg_provider === 'daou') {
    return {
      ...logis,
      sent_at,
      sender_relationship: '본인',
      receiving_at: '20261125',
      address: '성수이로 20길 16',
    };
  }
  return { ...logis, sent_at };
}

const csvLine = (row: Row) => stringify([COLUMNS.map((c) => row[c] ?? '')]).trimEnd();

function readResults(
  path: string,
): Array<{ line: string; imp_uid: string; result: string; message: string }> {
  const text = readFileSync(path, 'utf8');
  // The results start with a byte-order mark, for Excel.
  expect(text.startsWith('\ufeffline,imp_uid,result,message\n')).toBe(true);
  return parse(text, { bom: true, columns: true });
}

/** A writable that keeps what is written. */
function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

describe.each(engines)('baesong import-invoices ($name)', ({ databaseUrl }) => {
  // A database of its own: the tests reset it, which must not touch another file's rows.
  const database = sharedDatabaseUrl(databaseUrl);
  let server: RunningServer;
  let sandbox: SandboxClient;
  let merchant: SandboxMerchant;
  const dir = mkdtempSync(join(tmpdir(), 'baesong-import-'));

  /** Paid escrow payments, by turns html5_inicis, kcp, daou; straight into the store, for speed. */
  const newPayments = async (n: number, body: Partial<NewPayment> = {}) => {
    const ctx = {
      config: defaultConfig,
      db: server.database.db,
      writes: server.database.writes,
      clock: unmovedClock(systemClock),
    };
    const owner = await findMerchantByKey(ctx, merchant.imp_key);
    if (!owner) throw new Error('no merchant');
    const pgs = ['html5_inicis', 'kcp', 'daou'];
    const payments: Payment[] = [];
    for (let i = 0; i < n; i++) {
      payments.push(
        await createPayment(
          ctx,
          {
            merchantId: owner.merchant_id,
            impKey: owner.imp_key,
            merchantName: owner.name,
            pay_method: 'card',
            pg_provider: pgs[i % 3] as string,
            escrow: true,
            status: 'paid',
            amount: 1000,
            ...body,
          },
          systemClock,
        ),
      );
    }
    return payments;
  };
  const credentials = () => [
    '--base-url',
    server.url,
    '--imp-key',
    merchant.imp_key,
    '--imp-secret',
    merchant.imp_secret,
  ];
  const registeredCount = async () =>
    Number(
      (
        await server.database.db
          .selectFrom('escrow_deliveries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    server = await startServer({ port: 0, databaseUrl: database.url, logLevel: 'silent' });
    sandbox = new SandboxClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await sandbox.reset();
    merchant = await sandbox.createMerchant();
  });

  it(
    'registers 990 of 1,000 rows, reports the 10 broken ones by line, and registers nothing twice',
    {
      timeout: 60_000,
    },
    async () => {
      const good = await newPayments(990);
      const [inicis, kcp, daou] = await newPayments(3);
      const [cancelled] = await newPayments(1, { pg_provider: 'kcp', status: 'cancelled' });
      if (!kcp || !inicis || !daou || !cancelled) throw new Error('payments missing');

      const fields = (row: Row) => COLUMNS.map((c) => row[c] ?? '');
      const kcpRow = (impUid: string): Row => ({
        imp_uid: impUid,
        company: 'HANJIN',
        invoice: '1',
        sent_at: '1795000000',
      });
      const broken: Array<{ text: string; message: string; impUid: string }> = [
        {
          text: `${csvLine(kcpRow('imp_900000000001'))},extra`,
          impUid: 'imp_900000000001',
          message: 'expected 15 columns as in the header, found 16',
        },
        {
          text: stringify([fields(kcpRow('imp_900000000002')).slice(0, 14)]).trimEnd(),
          impUid: 'imp_900000000002',
          message: 'expected 15 columns as in the header, found 14',
        },
        {
          text: csvLine({ ...kcpRow('imp_900000000003'), sent_at: 'yesterday' }),
          impUid: 'imp_900000000003',
          message:
            'sent_at "yesterday" is neither UNIX seconds nor a date and time as YYYY-MM-DD HH:mm (Korea time)',
        },
        {
          text: csvLine({ ...kcpRow('imp_900000000004'), sent_at: '2026-02-30 10:00' }),
          impUid: 'imp_900000000004',
          message:
            'sent_at "2026-02-30 10:00" is neither UNIX seconds nor a date and time as YYYY-MM-DD HH:mm (Korea time)',
        },
        { text: csvLine(kcpRow('')), impUid: '', message: 'imp_uid is empty' },
        {
          text: csvLine(kcpRow('imp_999999999999')),
          impUid: 'imp_999999999999',
          message: messages.paymentNotFound,
        },
        {
          text: csvLine({ ...goodRow(kcp, 0), invoice: '' }),
          impUid: kcp.imp_uid,
          message: messages.escrowInvalid(['logis.invoice is required']),
        },
        {
          text: csvLine({ ...goodRow(inicis, 0), sender_name: '' }),
          impUid: inicis.imp_uid,
          message: messages.escrowInvalid(['sender.name is required']),
        },
        {
          text: csvLine({ ...goodRow(daou, 0), receiving_at: '20261345' }),
          impUid: daou.imp_uid,
          message: messages.escrowInvalid(['logis.receiving_at must be a real date in YYYYMMDD form']),
        },
        {
          text: csvLine(goodRow(cancelled, 0)),
          impUid: cancelled.imp_uid,
          message: messages.notPaid('cancelled'),
        },
      ];
      // The broken rows spread through the file: every 100th data row.
      const lines: string[] = [COLUMNS.join(',')];
      const expectedFailures: Array<[number, string, string]> = [];
      let g = 0;
      for (let i = 0; i < 1000; i++) {
        const b = i % 100 === 50 ? broken[(i - 50) / 100] : undefined;
        if (b) {
          lines.push(b.text);
          expectedFailures.push([lines.length, b.impUid, b.message]);
        } else {
          lines.push(csvLine(goodRow(good[g] as Payment, g)));
          g++;
        }
      }
      expect(expectedFailures).toHaveLength(10);
      const file = join(dir, 'invoices.csv');
      writeFileSync(file, `${lines.join('\n')}\n`);

      const first = await runCli(['import-invoices', file, ...credentials()]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(1);
      const out = first.stdout.trim().split('\n');
      expect(out.at(-1)).toBe('990 ok, 0 already registered, 10 failed');
      expect(out.slice(0, 10)).toEqual(
        expectedFailures.map(
          ([line, impUid, message]) => `line ${line}${impUid ? ` (${impUid})` : ''}: ${message}`,
        ),
      );
      const results = readResults(`${file}.results.csv`);
      expect(results).toHaveLength(1000);
      expect(results.map((r) => Number(r.line))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
      expect(
        results.filter((r) => r.result === 'failed').map((r) => [Number(r.line), r.imp_uid, r.message]),
      ).toEqual(expectedFailures);
      expect(results.filter((r) => r.result === 'ok')).toHaveLength(990);
      expect(await registeredCount()).toBe(990);

      // What was registered is what the rows said.
      const client = new PortOneClient({
        baseUrl: server.url,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
      });
      const odd = good[1] as Payment;
      expect(await client.getEscrowDelivery(odd.imp_uid)).toMatchObject({
        company: 'CJGLS',
        invoice: '600000000001',
        sent_at: Date.UTC(2026, 10, 23, 1) / 1000,
      });

      const second = await runCli(['import-invoices', file, ...credentials()]);
      expect(second.code).toBe(1);
      expect(second.stdout.trim().split('\n').at(-1)).toBe('0 ok, 990 already registered, 10 failed');
      const again = readResults(`${file}.results.csv`);
      expect(again.filter((r) => r.result === 'already registered')).toHaveLength(990);
      expect(again.find((r) => r.result === 'already registered')?.message).toBe(
        messages.escrowAlreadyRegistered,
      );
      expect(again.filter((r) => r.result === 'failed').map((r) => Number(r.line))).toEqual(
        expectedFailures.map(([line]) => line),
      );
      expect(await registeredCount()).toBe(990);
    },
  );

  it('exits 0 when every row is registered or already was, and takes credentials from the environment', async () => {
    const [a, b] = await newPayments(2, { pg_provider: 'kcp' });
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      [COLUMNS.join(','), csvLine(goodRow(a as Payment, 0)), csvLine(goodRow(b as Payment, 1))].join('\n'),
    );
    const env = {
      PORTONE_BASE_URL: server.url,
      PORTONE_IMP_KEY: merchant.imp_key,
      PORTONE_IMP_SECRET: merchant.imp_secret,
    };
    const out = join(dir, 'small-results.csv');

    const first = await runCli(['import-invoices', file, '--out', out, '--concurrency', '1'], env);
    expect([first.code, first.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      '2 ok, 0 already registered, 0 failed',
    ]);
    const second = await runCli(['import-invoices', file, '--out', out], env);
    expect([second.code, second.stdout.trim()]).toEqual([
      0,
      `results: ${out}\n0 ok, 2 already registered, 0 failed`,
    ]);
  });

  it('exits 2 with one line when it cannot import at all', async () => {
    const file = join(dir, 'any.csv');
    writeFileSync(file, 'imp_uid,company,invoice,sent_at\n');
    const wrongKey = await runCli([
      'import-invoices',
      file,
      '--base-url',
      server.url,
      '--imp-key',
      'k',
      '--imp-secret',
      's',
    ]);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toBe(
      `baesong: cannot get a PortOne token from ${server.url}: ${messages.authFailed}\n`,
    );
    const noKeys = await runCli(['import-invoices', file, '--base-url', server.url]);
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toBe(
      'baesong: PortOne credentials are needed: --imp-key and --imp-secret, or PORTONE_IMP_KEY and PORTONE_IMP_SECRET\n',
    );
    const missing = await runCli(['import-invoices', join(dir, 'nope.csv'), ...credentials()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^baesong: cannot read .*nope\.csv: ENOENT/);
  });

  describe('in-process', () => {
    const run = async (
      rows: Row[],
      options: { dryRun?: boolean; concurrency?: number; tty?: boolean } = {},
    ) => {
      const file = join(dir, `rows-${Math.random().toString(36).slice(2)}.csv`);
      writeFileSync(file, [COLUMNS.join(','), ...rows.map(csvLine)].join('\n'));
      const stdout = sink();
      const stderr = sink();
      const report = await importInvoices(
        {
          file,
          baseUrl: server.url,
          impKey: merchant.imp_key,
          impSecret: merchant.imp_secret,
          concurrency: options.concurrency ?? 8,
          dryRun: options.dryRun,
        },
        { stdout: stdout.stream, stderr: Object.assign(stderr.stream, { isTTY: options.tty ?? false }) },
      );
      return { report, results: readResults(report.out), stderr: stderr.text() };
    };

    it('sends a repeated imp_uid once: the later rows follow the first', async () => {
      const [p, q] = await newPayments(2, { pg_provider: 'kcp' });
      const pRow = goodRow(p as Payment, 0);
      const qBad = { ...goodRow(q as Payment, 0), company: '' };
      const { report, results } = await run(
        [pRow, pRow, { ...pRow, invoice: '777' }, qBad, goodRow(q as Payment, 0)],
        {
          concurrency: 4,
        },
      );
      expect(results.map((r) => [r.line, r.result, r.message])).toEqual([
        ['2', 'ok', 'registered'],
        ['3', 'already registered', 'same imp_uid as line 2'],
        ['4', 'already registered', 'same imp_uid as line 2'],
        ['5', 'failed', messages.escrowInvalid(['logis.company is required'])],
        ['6', 'failed', 'same imp_uid as line 5, which failed; not sent'],
      ]);
      expect(summaryLine(report)).toBe('1 ok, 2 already registered, 2 failed');
      expect(await registeredCount()).toBe(1);
    });

    it('checks every row in a dry run and registers nothing', async () => {
      const [inicis, kcp, daou] = await newPayments(3);
      const [registered] = await newPayments(1, { pg_provider: 'kcp' });
      const [plain] = await newPayments(1, { pg_provider: 'kcp', escrow: false });
      const [toss] = await newPayments(1, { pg_provider: 'tosspayments' });
      const client = new PortOneClient({
        baseUrl: server.url,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
      });
      await client.registerEscrowDelivery(
        (registered as Payment).imp_uid,
        escrowBody('kcp', { company: 'CJGLS', invoice: '1' }),
      );

      const { report, results } = await run(
        [
          goodRow(inicis as Payment, 0),
          { ...goodRow(kcp as Payment, 0), sent_at: '2026-11-23 10:00' },
          { ...goodRow(daou as Payment, 0), receiving_at: '2026-11-25' },
          { ...goodRow(inicis as Payment, 1), imp_uid: 'imp_999999999999' },
          { ...goodRow(daou as Payment, 1), imp_uid: (registered as Payment).imp_uid },
          { ...goodRow(kcp as Payment, 1), imp_uid: (plain as Payment).imp_uid },
          { ...goodRow(kcp as Payment, 1), imp_uid: (toss as Payment).imp_uid },
          goodRow(inicis as Payment, 2),
        ],
        { dryRun: true },
      );
      expect(results.map((r) => [r.line, r.result, r.message])).toEqual([
        ['2', 'ok', 'valid for html5_inicis; not registered (dry run)'],
        ['3', 'ok', 'valid for kcp; not registered (dry run)'],
        ['4', 'ok', 'valid for daou; not registered (dry run)'],
        ['5', 'failed', messages.paymentNotFound],
        ['6', 'already registered', messages.escrowAlreadyRegistered],
        ['7', 'failed', messages.notEscrow],
        ['8', 'failed', messages.escrowUnsupportedPg('tosspayments')],
        ['9', 'already registered', 'same imp_uid as line 2'],
      ]);
      expect(summaryLine(report, true)).toBe(
        '3 ok, 2 already registered, 3 failed (dry run: nothing was registered)',
      );
      expect(await registeredCount()).toBe(1);
    });

    it('shows a progress bar on a terminal only', async () => {
      const [p, q] = await newPayments(2, { pg_provider: 'kcp' });
      const quiet = await run([goodRow(p as Payment, 0)]);
      expect(quiet.stderr).toBe('');
      const shown = await run([goodRow(q as Payment, 0)], { tty: true });
      expect(shown.stderr).toContain('1/1 rows | 1 ok, 0 already registered, 0 failed');
    });

    it('reports the PG rules in a dry run as the server would', async () => {
      const [daou] = await newPayments(3).then((ps) => ps.filter((p) => p.pg_provider === 'daou'));
      const { results } = await run(
        [{ ...goodRow(daou as Payment, 0), sender_relationship: '', receiving_at: '20260231' }],
        { dryRun: true },
      );
      const expected = messages.escrowInvalid([
        'sender.relationship is required',
        'logis.receiving_at must be a real date in YYYYMMDD form',
      ]);
      expect(results.map((r) => [r.result, r.message])).toEqual([['failed', expected]]);
      // The real run fails with the same words.
      const real = await run([
        { ...goodRow(daou as Payment, 0), sender_relationship: '', receiving_at: '20260231' },
      ]);
      expect(real.results.map((r) => [r.result, r.message])).toEqual([['failed', expected]]);
    });
  });
});
