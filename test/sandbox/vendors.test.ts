import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RETURN_COURIERS } from '../../src/coupang/couriers.js';
import { ReturnCourier } from '../../src/sandbox/schemas.js';
import { outboundBody } from '../support/fixtures.js';
import { createVendor, outboundPath, outboundQueryPath, signed } from '../support/coupang.js';
import { drawnSequences } from '../support/sequences.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('POST /sandbox/vendors ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
  });
  afterEach(() => t.close());

  const post = (payload?: unknown) =>
    t.request({
      method: 'POST',
      url: '/sandbox/vendors',
      ...(payload === undefined ? {} : { payload: payload as string }),
    });

  it('creates a vendor with generated id and keys, and the default WING user', async () => {
    const res = await post();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      vendorId: expect.stringMatching(/^A\d{8}$/),
      accessKey: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      secretKey: expect.stringMatching(/^[0-9a-f]{40}$/),
      userIds: ['wing-user'],
      contracts: null,
    });
    const other = await post({});
    expect(other.body.accessKey).not.toBe(res.body.accessKey);
    expect(other.body.secretKey).not.toBe(res.body.secretKey);
    expect(other.body.vendorId).not.toBe(res.body.vendorId);
  });

  it('takes a vendorId, WING users and contracts', async () => {
    const res = await post({
      vendorId: 'A00012345',
      userIds: ['testId', 'other', 'testId'],
      contracts: [
        { deliverCode: 'CJGLS', contractNumber: '12345' },
        { deliverCode: 'EPOST', contractNumber: '99', contractCustomerNumber: 'C1', confirmed: false },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      vendorId: 'A00012345',
      userIds: ['testId', 'other'],
      contracts: [
        { deliverCode: 'CJGLS', contractNumber: '12345', confirmed: true },
        { deliverCode: 'EPOST', contractNumber: '99', contractCustomerNumber: 'C1', confirmed: false },
      ],
    });
    const stored = await t.database.db
      .selectFrom('coupang_vendor_contracts')
      .selectAll()
      .orderBy('deliver_code')
      .execute();
    expect(stored).toEqual([
      {
        vendor_id: 'A00012345',
        deliver_code: 'CJGLS',
        contract_number: '12345',
        contract_customer_number: null,
        confirmed: 1,
      },
      {
        vendor_id: 'A00012345',
        deliver_code: 'EPOST',
        contract_number: '99',
        contract_customer_number: 'C1',
        confirmed: 0,
      },
    ]);
  });

  it('keeps an empty contract list apart from none', async () => {
    const res = await post({ contracts: [] });
    expect(res.body.contracts).toEqual([]);
    const row = await t.database.db
      .selectFrom('coupang_vendors')
      .select('contracts_on_file')
      .where('vendor_id', '=', res.body.vendorId)
      .executeTakeFirstOrThrow();
    expect(row.contracts_on_file).toBe(1);
  });

  it('answers 409 for a vendorId already taken', async () => {
    await post({ vendorId: 'A00012345' });
    const res = await post({ vendorId: 'A00012345' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'vendorId A00012345 is already taken' });
  });

  it.each([
    ['a vendorId of another form', { vendorId: 'B00012345' }, 'vendorId'],
    ['a vendorId of 7 digits', { vendorId: 'A0001234' }, 'vendorId'],
    ['no WING user', { userIds: [] }, 'userIds'],
    ['an empty WING user', { userIds: [''] }, 'userIds'],
    [
      'a contract of a courier that takes no returns',
      { contracts: [{ deliverCode: 'DHL', contractNumber: '1' }] },
      'deliverCode',
    ],
    [
      'a contract number of 21 digits',
      { contracts: [{ deliverCode: 'KGB', contractNumber: '1'.repeat(21) }] },
      'contractNumber',
    ],
    [
      'a contract number with letters',
      { contracts: [{ deliverCode: 'KGB', contractNumber: '12a' }] },
      'contractNumber',
    ],
    ['a contract without a number', { contracts: [{ deliverCode: 'KGB' }] }, 'contractNumber'],
    [
      'confirmed as a string',
      { contracts: [{ deliverCode: 'KGB', contractNumber: '1', confirmed: 'true' }] },
      'confirmed',
    ],
    ['an unknown field', { vendorName: 'x' }, 'additional properties'],
  ])('answers 400 for %s, naming it', async (_case, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(field);
  });

  it('answers 400 for a contract listed twice', async () => {
    const res = await post({
      contracts: [
        { deliverCode: 'KGB', contractNumber: '1' },
        { deliverCode: 'KGB', contractNumber: '1' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'contracts[1] repeats deliverCode KGB with contractNumber 1' });
  });

  it('lists exactly the return couriers in its schema', () => {
    expect(ReturnCourier.anyOf.map((s) => s.const)).toEqual([...RETURN_COURIERS]);
  });

  it('needs the admin token when the server has one', async () => {
    const guarded = await testApp({ adminToken: 'sesame' }, databaseUrl);
    try {
      const refused = await guarded.request({ method: 'POST', url: '/sandbox/vendors', payload: {} });
      expect(refused.status).toBe(401);
      const created = await guarded.request({
        method: 'POST',
        url: '/sandbox/vendors',
        payload: {},
        headers: { authorization: 'Bearer sesame' },
      });
      expect(created.status).toBe(201);
    } finally {
      await guarded.close();
    }
  });

  it('is emptied by POST /sandbox/reset, vendors, places and sequences alike', async () => {
    const vendor = await createVendor(t, { contracts: [{ deliverCode: 'KGB', contractNumber: '1' }] });
    const created = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: outboundBody(vendor.vendorId, 1, {
        remoteInfos: [{ deliveryCode: 'KGB', jeju: 5000, notJeju: 2500 }],
      }),
    });
    expect(created.body.data.resultMessage).toBe('1000001');
    expect(await drawnSequences(t.database.db)).toMatchObject({
      coupang_outbound_place_code: 1000001,
      coupang_outbound_remote_info_id: 100001,
    });
    expect((await t.request({ method: 'POST', url: '/sandbox/reset' })).body).toEqual({ reset: true });

    for (const table of [
      'coupang_vendors',
      'coupang_vendor_contracts',
      'coupang_outbound_places',
      'coupang_outbound_address_keys',
      'coupang_outbound_remote_infos',
      'sequences',
    ] as const) {
      expect(await t.database.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
    // Every sequence starts again (on PostgreSQL its own sequences, not the table).
    expect(await drawnSequences(t.database.db)).toEqual({});
    // The old key is gone; a new vendor starts the place codes again.
    const res = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
    expect(res.status).toBe(401);
    const again = await createVendor(t);
    const next = await signed(t, again, {
      method: 'POST',
      url: outboundPath(again.vendorId),
      payload: outboundBody(again.vendorId, 1),
    });
    expect(next.body.data.resultMessage).toBe('1000001');
  });
});
