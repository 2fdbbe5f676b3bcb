import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CoupangClient,
  CoupangError,
  SandboxClient,
  SandboxError,
  type SandboxVendor,
} from '../../src/client/index.js';
import { ManualClock } from '../../src/clock.js';
import { orderMessages as m } from '../../src/coupang/orders/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';

const START = Date.UTC(2026, 10, 23, 3, 0, 0);
const DAY = { createdAtFrom: '2026-11-23', createdAtTo: '2026-11-23' };

describe.each(engines)(
  'CoupangClient and SandboxClient orders against baesong ($name)',
  ({ databaseUrl }) => {
    const database = sharedDatabaseUrl(databaseUrl);
    let server: RunningServer;
    let clock: ManualClock;
    let sandbox: SandboxClient;
    let vendor: SandboxVendor;
    let client: CoupangClient;

    beforeAll(async () => {
      clock = new ManualClock(START);
      server = await startServer({
        port: 0,
        databaseUrl: database.url,
        clock,
        logLevel: 'silent',
        coupangRateLimit: 0,
      });
      sandbox = new SandboxClient({ baseUrl: server.url });
    });
    afterAll(async () => {
      await server.close();
      await database.remove();
    });
    beforeEach(async () => {
      clock.set(START);
      await sandbox.reset();
      vendor = await sandbox.createVendor({ userIds: ['seller1'] });
      client = new CoupangClient({
        baseUrl: server.url,
        accessKey: vendor.accessKey,
        secretKey: vendor.secretKey,
        vendorId: vendor.vendorId,
        clock,
      });
    });

    it('runs the seller’s loop: poll, acknowledge, invoice, deliver, return, approve; ids as exact strings', async () => {
      const placed = await sandbox.createCoupangOrder(vendor.vendorId, { items: [{ shippingCount: 2 }] });
      expect(placed.shipmentBoxId).toMatch(/^\d{18}$/);
      expect(typeof placed.orderItems[0]?.vendorItemId).toBe('string');
      const polled = await client.getOrderSheets({ ...DAY, status: 'ACCEPT' });
      expect(polled.data.map((s) => s.shipmentBoxId)).toEqual([placed.shipmentBoxId]);
      expect(polled.nextToken).toBe('');
      const all = [];
      for await (const sheet of client.eachOrderSheet({ ...DAY, status: 'ACCEPT', maxPerPage: 1 }))
        all.push(sheet);
      expect(all).toHaveLength(1);
      const ack = await client.acknowledgeOrderSheets([placed.shipmentBoxId]);
      expect(ack.responseList[0]).toMatchObject({ shipmentBoxId: placed.shipmentBoxId, resultCode: 'OK' });
      expect(ack.responseKey).toMatch(/^-?\d+$/);
      const item = placed.orderItems[0]?.vendorItemId ?? '';
      const invoice = await client.uploadInvoices([
        {
          shipmentBoxId: placed.shipmentBoxId,
          orderId: placed.orderId,
          vendorItemId: item,
          deliveryCompanyCode: 'CJGLS',
          invoiceNumber: '123412341234',
        },
      ]);
      expect(invoice.responseCode).toBe(0);
      await sandbox.advanceDelivery(vendor.vendorId, placed.shipmentBoxId, 'FINAL_DELIVERY');
      const sheet = await client.getOrderSheet(placed.shipmentBoxId);
      expect(sheet).toMatchObject({ status: 'FINAL_DELIVERY', invoiceNumber: '123412341234' });
      const v5 = await client.getOrderSheet(placed.shipmentBoxId, {}, 'v5');
      expect(v5.paidAt).toBe('2026-11-23T12:00:00.000000+09:00');
      expect((await client.getOrderSheetsByOrderId(placed.orderId)).map((s) => s.shipmentBoxId)).toEqual([
        placed.shipmentBoxId,
      ]);
      const history = await client.getOrderSheetHistory(placed.shipmentBoxId);
      expect(history.details.map((d) => d.deliveryStatus)).toEqual([
        'FINAL_DELIVERY',
        'DEPARTURE',
        'INSTRUCT',
        'ACCEPT',
      ]);
      const ret = await sandbox.buyerReturn(vendor.vendorId, placed.shipmentBoxId, { reason: '불량' });
      expect(ret.receiptId).toMatch(/^\d{9}$/);
      const listed = await client.getReturnRequests({ ...DAY, status: 'UC' });
      expect(listed.data.map((r) => r.receiptId)).toEqual([ret.receiptId]);
      await sandbox.pickUpReturn(vendor.vendorId, ret.receiptId);
      await client.confirmReturnReceived(ret.receiptId);
      await client.approveReturn(ret.receiptId, 2);
      expect(await client.getReturnRequest(ret.receiptId)).toMatchObject({
        receiptStatus: 'RETURNS_COMPLETED',
        completeConfirmType: 'VENDOR_CONFIRM',
      });
      const receipts = await sandbox.coupangReceipts(vendor.vendorId);
      expect(receipts.receipts.map((r) => r.receiptId)).toEqual([ret.receiptId]);
      const boxes = await sandbox.coupangOrders(vendor.vendorId, { status: 'FINAL_DELIVERY' });
      expect(boxes.orders.map((o) => o.shipmentBoxId)).toEqual([placed.shipmentBoxId]);
    });

    it('stops a shipment, answers a stop as shipped, and cancels as the seller', async () => {
      const a = await sandbox.createCoupangOrder(vendor.vendorId, { items: [{ shippingCount: 2 }] });
      const b = await sandbox.createCoupangOrder(vendor.vendorId, { items: [{}] });
      await client.acknowledgeOrderSheets([a.shipmentBoxId, b.shipmentBoxId]);
      const stopA = await sandbox.buyerCancel(vendor.vendorId, a.shipmentBoxId);
      await client.stopShipment(stopA.receiptId, 2);
      const stopB = await sandbox.buyerCancel(vendor.vendorId, b.shipmentBoxId);
      await client.markAlreadyShipped(stopB.receiptId, {
        deliveryCompanyCode: 'CJGLS',
        invoiceNumber: '999988887777',
      });
      expect((await client.getReturnRequest(stopB.receiptId)).releaseStopStatus).toBe('처리(이미출고)');
      const c = await sandbox.createCoupangOrder(vendor.vendorId, { items: [{}] });
      const cancelled = await client.cancelOrder(c.orderId, {
        vendorItemIds: [c.orderItems[0]?.vendorItemId ?? ''],
        receiptCounts: [1],
        userId: 'seller1',
      });
      expect(cancelled.code).toBe('SUCCESS');
      expect(cancelled.data.orderId).toBe(c.orderId);
      expect(cancelled.data.receiptMap.receiptType).toBe('CANCEL');
    });

    it('throws CoupangError with the contract’s message, and SandboxError for a wrong state', async () => {
      const err = await client.getOrderSheet('640000000000999999').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CoupangError);
      expect((err as CoupangError).message).toBe(m.orderUnknown);
      const placed = await sandbox.createCoupangOrder(vendor.vendorId, { items: [{}] });
      const wrong = await sandbox
        .advanceDelivery(vendor.vendorId, placed.shipmentBoxId)
        .catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(SandboxError);
      expect((wrong as SandboxError).status).toBe(409);
      const changed = await sandbox.changeCoupangReceiver(vendor.vendorId, placed.shipmentBoxId, {
        name: '변경',
      });
      expect(changed.receiver.name).toBe('변경');
    });
  },
);
