/**
 * `/sandbox/vendors/{vendorId}/orders` and `…/receipts`: the sandbox plays the buyer and the
 * courier of a vendor's Coupang orders (coupang/orders/buyers.ts), and lists what it made.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { sheetOf } from '../coupang/orders/sheet-routes.js';
import {
  advance,
  buyerCancel,
  buyerReturn,
  changeReceiver,
  pickup,
  placeOrder,
} from '../coupang/orders/buyers.js';
import { receiptView } from '../coupang/orders/receipt.js';
import { OrderSheetV4, ReceiptV4 } from '../coupang/orders/schemas.js';
import { sandboxBoxes, sandboxReceipts } from '../coupang/orders/store.js';
import { ApiError } from '../http/api-error.js';
import type { SandboxSecurity } from './admin.js';
import { decodeCursor, encodeCursor, limitParam, page, queryParams } from './listing.js';
import {
  AdvanceBody,
  BuyerCancelBody,
  BuyerReturnBody,
  NewOrderBody,
  OrderListing,
  PickupBody,
  ReceiptListing,
  ReceiverChangeBody,
  SandboxBoxParams,
  SandboxListQuery,
  SandboxReceiptParams,
  SandboxVendorParams,
  sandboxErrors,
} from './schemas.js';
import { vendorExists } from './tenant-store.js';
import { unknownVendor } from './gone.js';

const tags = ['Sandbox orders'];
const errors = { ...sandboxErrors, 409: sandboxErrors[400] };

/** The path's vendor, known (else 404), and its clock's now. */
async function vendorOfPath(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ vendorId: string; nowMs: number }> {
  const { vendorId } = request.params as { vendorId: string };
  if (!(await vendorExists(ctx, vendorId))) throw new ApiError(404, unknownVendor(vendorId));
  return { vendorId, nowMs: ctx.clock.of({ vendor: vendorId }).nowMs() };
}

const boxIdOf = (request: FastifyRequest) =>
  BigInt((request.params as { shipmentBoxId: string }).shipmentBoxId).toString();

export async function orderSandboxRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  const orders = '/sandbox/vendors/:vendorId/orders';
  const box = `${orders}/:shipmentBoxId`;

  app.post(orders, {
    schema: {
      tags,
      summary: 'Places a Coupang order: a new box in ACCEPT, listed at once',
      description:
        'Every field but `items` is optional; an `orderer` or `receiver` naming some fields takes the defaults for the rest. ' +
        'With `orderId` (an order of this vendor) the box joins that order, its orderer and receiver copied. Answers the box as the v4 lookup shows it.',
      security,
      params: SandboxVendorParams,
      body: NewOrderBody,
      response: { 201: OrderSheetV4, ...errors },
    },
    handler: async (request, reply) => {
      const { vendorId, nowMs } = await vendorOfPath(ctx, request);
      const created = await placeOrder(ctx, vendorId, request.body as NewOrderBody, nowMs);
      return reply.code(201).send(sheetOf(created, 'v4'));
    },
  });

  app.get(orders, {
    schema: {
      tags,
      summary: 'Lists a vendor’s order boxes, newest first (closed ones too)',
      description:
        '`status` filters; `limit` 1 to 1000 (default 100); `next` is the `cursor` of the following page.',
      security,
      params: SandboxVendorParams,
      querystring: SandboxListQuery,
      response: { 200: OrderListing, ...sandboxErrors },
    },
    handler: async (request) => {
      const params = queryParams(request.query, ['status', 'limit', 'cursor']);
      const limit = limitParam(params.limit);
      const [before] =
        params.cursor === undefined ? [undefined] : decodeCursor('orders', params.cursor, ['string']);
      const { vendorId } = await vendorOfPath(ctx, request);
      const rows = await sandboxBoxes(ctx, { vendorId, status: params.status, before, limit: limit + 1 });
      const { items, next } = page(rows, limit, (last) => encodeCursor('orders', [last.shipmentBoxId]));
      return { orders: items.map((b) => sheetOf(b, 'v4')), next };
    },
  });

  app.put(`${box}/receiver`, {
    schema: {
      tags,
      summary: 'The buyer changes the receiver (ACCEPT only)',
      security,
      params: SandboxBoxParams,
      body: ReceiverChangeBody,
      response: { 200: OrderSheetV4, ...errors },
    },
    handler: async (request) => {
      const { vendorId } = await vendorOfPath(ctx, request);
      const changed = await changeReceiver(
        ctx,
        vendorId,
        boxIdOf(request),
        request.body as ReceiverChangeBody,
      );
      return sheetOf(changed, 'v4');
    },
  });

  app.post(`${box}/buyer-cancel`, {
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags,
      summary: 'The buyer cancels: a CANCEL receipt in ACCEPT, a stop-shipment request in INSTRUCT',
      description:
        '`items` default to every unit left. In `ACCEPT` the units are cancelled at once; in `INSTRUCT` they are held until the seller answers the request.',
      security,
      params: SandboxBoxParams,
      body: BuyerCancelBody,
      response: { 201: ReceiptV4, ...errors },
    },
    handler: async (request, reply) => {
      const { vendorId, nowMs } = await vendorOfPath(ctx, request);
      const receipt = await buyerCancel(
        ctx,
        vendorId,
        boxIdOf(request),
        request.body as BuyerCancelBody,
        nowMs,
      );
      return reply.code(201).send(receiptView(receipt, 'v4'));
    },
  });

  app.post(`${box}/return`, {
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags,
      summary: 'The buyer asks to return delivered units (FINAL_DELIVERY, NONE_TRACKING)',
      security,
      params: SandboxBoxParams,
      body: BuyerReturnBody,
      response: { 201: ReceiptV4, ...errors },
    },
    handler: async (request, reply) => {
      const { vendorId, nowMs } = await vendorOfPath(ctx, request);
      const receipt = await buyerReturn(
        ctx,
        vendorId,
        boxIdOf(request),
        request.body as BuyerReturnBody,
        nowMs,
      );
      return reply.code(201).send(receiptView(receipt, 'v4'));
    },
  });

  app.post(`${box}/advance`, {
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags,
      summary: 'The courier moves a box on: DEPARTURE → DELIVERING → FINAL_DELIVERY',
      security,
      params: SandboxBoxParams,
      body: AdvanceBody,
      response: { 200: OrderSheetV4, ...errors },
    },
    handler: async (request) => {
      const { vendorId, nowMs } = await vendorOfPath(ctx, request);
      const moved = await advance(ctx, vendorId, boxIdOf(request), (request.body as AdvanceBody).to, nowMs);
      return sheetOf(moved, 'v4');
    },
  });

  const receipts = '/sandbox/vendors/:vendorId/receipts';
  app.post(`${receipts}/:receiptId/pickup`, {
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags,
      summary: 'The courier picks up a return (RETURNS_UNCHECKED; repeatable)',
      security,
      params: SandboxReceiptParams,
      body: PickupBody,
      response: { 200: ReceiptV4, ...errors },
    },
    handler: async (request) => {
      const { vendorId, nowMs } = await vendorOfPath(ctx, request);
      const receiptId = BigInt((request.params as { receiptId: string }).receiptId).toString();
      const receipt = await pickup(ctx, vendorId, receiptId, request.body as PickupBody, nowMs);
      return receiptView(receipt, 'v4');
    },
  });

  app.get(receipts, {
    schema: {
      tags,
      summary: 'Lists a vendor’s receipts (cancel and return requests), newest first',
      description:
        '`status` filters (a receipt status); `limit` 1 to 1000 (default 100); `next` is the `cursor` of the following page.',
      security,
      params: SandboxVendorParams,
      querystring: SandboxListQuery,
      response: { 200: ReceiptListing, ...sandboxErrors },
    },
    handler: async (request) => {
      const params = queryParams(request.query, ['status', 'limit', 'cursor']);
      const limit = limitParam(params.limit);
      const [before] =
        params.cursor === undefined ? [undefined] : decodeCursor('receipts', params.cursor, ['string']);
      const { vendorId } = await vendorOfPath(ctx, request);
      const rows = await sandboxReceipts(ctx, { vendorId, status: params.status, before, limit: limit + 1 });
      const { items, next } = page(rows, limit, (last) => encodeCursor('receipts', [last.receiptId]));
      return { receipts: items.map((r) => receiptView(r, 'v4')), next };
    },
  });
}
