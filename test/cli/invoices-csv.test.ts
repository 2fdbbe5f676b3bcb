import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { decodeCsv, parseInvoicesCsv, parseSentAt } from '../../src/cli/invoices-csv.js';

describe('parseSentAt', () => {
  it.each([
    ['1795000000', 1795000000],
    ['1', 1],
    // Korea time is UTC+9.
    ['2026-11-23 10:00', Date.UTC(2026, 10, 23, 1, 0) / 1000],
    ['2024-02-29 00:00', Date.UTC(2024, 1, 28, 15, 0) / 1000],
    ['2026-01-01 08:59', Date.UTC(2025, 11, 31, 23, 59) / 1000],
  ])('reads %s', (value, expected) => {
    expect(parseSentAt(value)).toBe(expected);
  });

  it.each([
    '0',
    '1795000000000', // milliseconds
    '-5',
    '1.5',
    'yesterday',
    '2026-02-30 10:00',
    '2026-13-01 10:00',
    '2026-11-23 24:00',
    '2026-11-23 10:60',
    '2026-11-23',
    '2026-11-23T10:00',
    '2026-11-23 10:00:00',
  ])('refuses %s', (value) => {
    expect(parseSentAt(value)).toBeUndefined();
  });
});

describe('parseInvoicesCsv', () => {
  it('reads columns by name in any order, leaves empty cells out and keeps line numbers', async () => {
    const csv = [
      'invoice,SENT_AT , imp_uid,company,sender_relationship,receiving_at,address,receiver_name',
      '1111,1795000000,imp_000000000001,CJGLS,,,,',
      '',
      '2222,2026-11-23 10:00,imp_000000000002,EPOST,본인,2026-11-25,"성수이로 20길 16, 2층",',
    ].join('\n');
    expect(await parseInvoicesCsv(csv)).toEqual([
      {
        line: 2,
        impUid: 'imp_000000000001',
        body: { sender: {}, receiver: {}, logis: { company: 'CJGLS', invoice: '1111', sent_at: 1795000000 } },
      },
      {
        line: 4,
        impUid: 'imp_000000000002',
        body: {
          sender: { relationship: '본인' },
          receiver: {},
          logis: {
            company: 'EPOST',
            invoice: '2222',
            sent_at: Date.UTC(2026, 10, 23, 1) / 1000,
            receiving_at: '20261125',
            address: '성수이로 20길 16, 2층',
          },
        },
      },
    ]);
  });

  it('reports row problems with the line the row starts on', async () => {
    const csv = [
      'imp_uid,company,invoice,sent_at',
      '"imp_000000000001",CJGLS,"multi',
      'line",1795000000',
      'imp_000000000002,CJGLS,1,1795000000,extra',
      'imp_000000000003,CJGLS,1',
      ',CJGLS,1,1795000000',
      'imp_000000000004,CJGLS,1,',
      'imp_000000000005,CJGLS,1,next week',
      ',,,',
      'imp_000000000006,CJGLS,1,1795000000',
    ].join('\r\n');
    const rows = await parseInvoicesCsv(csv);
    expect(rows.map((r) => [r.line, r.impUid, r.problem])).toEqual([
      [2, 'imp_000000000001', undefined],
      [4, 'imp_000000000002', 'expected 4 columns as in the header, found 5'],
      [5, 'imp_000000000003', 'expected 4 columns as in the header, found 3'],
      [6, '', 'imp_uid is empty'],
      [7, 'imp_000000000004', 'sent_at is empty'],
      [
        8,
        'imp_000000000005',
        'sent_at "next week" is neither UNIX seconds nor a date and time as YYYY-MM-DD HH:mm (Korea time)',
      ],
      [10, 'imp_000000000006', undefined],
    ]);
    expect(rows[0]?.body?.logis.invoice).toBe('multi\nline');
  });

  it('reports a quote left open with its line; the rows before it stand', async () => {
    const csv =
      'imp_uid,company,invoice,sent_at\nimp_000000000001,CJGLS,1,1795000000\nimp_000000000002,CJGLS,"1,1795000000\nimp_000000000003,CJGLS,1,1795000000\n';
    const rows = await parseInvoicesCsv(csv);
    expect(rows[0]).toMatchObject({ line: 2, impUid: 'imp_000000000001' });
    expect(rows[1]).toMatchObject({ line: 3, impUid: '' });
    expect(rows[1]?.problem).toMatch(/^malformed CSV: Quote Not Closed/);
    expect(rows).toHaveLength(2);
  });

  it('reads UTF-8 with or without a byte-order mark, and EUC-KR', async () => {
    for (const mark of ['\ufeff', '']) {
      const utf8 = decodeCsv(Buffer.from(`${mark}imp_uid,company,invoice,sent_at\nimp_1,CJGLS,1,1\n`));
      expect((await parseInvoicesCsv(utf8))[0]?.impUid).toBe('imp_1');
    }
    // "배송" in EUC-KR, as Korean spreadsheets save it.
    const eucKr = Buffer.concat([
      Buffer.from('imp_uid,company,invoice,sent_at,address\nimp_1,CJGLS,1,1,'),
      Buffer.from([0xb9, 0xe8, 0xbc, 0xdb]),
      Buffer.from('\n'),
    ]);
    expect((await parseInvoicesCsv(decodeCsv(eucKr)))[0]?.body?.logis.address).toBe('배송');
  });

  it.each([
    ['', 'the CSV is empty: it needs a header line and rows'],
    ['imp_uid,company,invoice\n', 'the header lacks the column sent_at'],
    ['imp_uid,company\n', 'the header lacks the columns invoice, sent_at'],
    [
      'imp_uid,company,invoice,sent_at,reciever_name\n',
      'unknown column "reciever_name" in the header; the columns are imp_uid, company, invoice, sent_at, sender_name, sender_tel, sender_addr, sender_postcode, sender_relationship, receiver_name, receiver_tel, receiver_addr, receiver_postcode, receiving_at, address',
    ],
    ['imp_uid,company,invoice,sent_at,Invoice\n', 'column "invoice" appears twice in the header'],
  ])('refuses a bad header: %j', async (csv, message) => {
    const err = await parseInvoicesCsv(csv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe(message);
  });
});
