/**
 * Return and cancel requests (receipts): the list and a single one (v4, v6), and the seller's
 * answers (stoppedShipment and completedShipment v4; receiveConfirmation and approval v4, v5;
 * PATCH and PUT).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import { isCourierCode } from '../couriers.js';
import { errorResponses, security, vendorPath } from '../vendor-routes.js';
import { pathId, readId } from './ids.js';
import { afterKey, checkDatedPage, pageOf } from './list-rules.js';
import type { ReceiptStatus } from './machine.js';
import { orderMessages as m, receiptMessages as rm } from './messages.js';
import { receiptView, type ReceiptType } from './receipt.js';
import { answerReceipt, requiredCount, type SellerReceiptAction } from './receipts.js';
import { orderBody, pathParam, pathVendor } from './requests.js';
import {
  CompletedShipmentBody,
  CompletedShipmentData,
  ListEnvelope,
  OrdersEnvelope,
  ReceiptParams,
  receiptSchemaOf,
  ReceiveConfirmationBody,
  ResultData,
  ReturnRequestsQuery,
  StopBody,
  VendorIdParams,
} from './schemas.js';
import { findReceipt, listReceipts } from './store.js';
import { ID } from './sheet-routes.js';

const tags = ['Coupang orders'];
const RECEIPT_ID_WIDTH = 9;
const config = { bodyTypes: ['json' as const], reportsBodyProblems: true };

/** The `status` codes of the list and the receipt statuses each stands for. */
const STATUS_CODES: Record<string, ReceiptStatus[]> = {
  RU: ['RELEASE_STOP_UNCHECKED'],
  // A stop request shows under both RU and UC (hc 360033919613).
  UC: ['RELEASE_STOP_UNCHECKED', 'RETURNS_UNCHECKED', 'VENDOR_WAREHOUSE_CONFIRM'],
  CC: ['RETURNS_COMPLETED'],
  PR: ['REQUEST_COUPANG_CHECK'],
};

const single = (value: unknown) =>
  value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);

/** The path's receipt id, matched by the body's when it sends one (400 naming it). */
function receiptIdOf(request: FastifyRequest, body: Record<string, unknown>): string {
  const raw = pathParam(request, 'receiptId');
  const id = pathId(raw) ?? raw;
  if (body.receiptId !== undefined && body.receiptId !== null) {
    const sent = readId(body.receiptId);
    if (!sent.ok || sent.id !== id) throw new ApiError(400, m.field('receiptId'));
  }
  return id;
}

export async function receiptRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const version of ['v4', 'v6'] as const) {
    const requests = `${vendorPath(version)}/returnRequests`;
    const Receipt = receiptSchemaOf(version);

    app.get(requests, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Lists return or cancel requests (${version})`,
        description:
          '`cancelType` `RETURN` (default; needs `status` or `orderId`) or `CANCEL` (no `status`). `status`: `RU` stop requests, `UC` those and returns not yet approved, ' +
          '`CC` completed, `PR` never reached. Dates and paging as the order sheets, by ascending `receiptId` on `createdAt`; timeFrame spans up to 31 dates.',
        security,
        params: VendorIdParams,
        querystring: ReturnRequestsQuery,
        response: { 200: ListEnvelope(Type.Array(Receipt)), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const query = request.query as Record<string, unknown>;
        let type: ReceiptType = 'RETURN';
        let statuses: ReceiptStatus[] | undefined;
        const orderId = single(query.orderId);
        const page = checkDatedPage(query, {
          minuteSpanDays: 31,
          checkStatus: () => {
            const cancelType = single(query.cancelType) ?? 'RETURN';
            if (cancelType !== 'RETURN' && cancelType !== 'CANCEL')
              return { ok: false, message: rm.cancelType };
            type = cancelType;
            const status = single(query.status);
            if (type === 'CANCEL')
              return status === undefined
                ? { ok: true, value: null }
                : { ok: false, message: rm.cancelTypeStatus };
            if (status === undefined)
              return orderId === undefined
                ? { ok: false, message: rm.orderIdOrStatus }
                : { ok: true, value: null };
            statuses = STATUS_CODES[status];
            return statuses ? { ok: true, value: statuses } : { ok: false, message: m.invalidStatus };
          },
        });
        if (!page.ok) throw new ApiError(400, page.message);
        const { fromMs, untilMs, minuteMode, limit, after } = page.value;
        const orderKey = orderId === undefined ? undefined : (pathId(orderId) ?? '-');
        const rows = await listReceipts(ctx.db, {
          vendorId,
          type,
          statuses,
          orderId: orderKey,
          fromMs,
          untilMs,
          afterId: minuteMode ? '' : afterKey(after, RECEIPT_ID_WIDTH),
          limit: minuteMode ? undefined : limit + 1,
        });
        const { page: receipts, nextToken } = minuteMode
          ? { page: rows, nextToken: '' }
          : pageOf(rows, limit, (r) => r.receiptId);
        return { code: 200, message: m.ok, data: receipts.map((r) => receiptView(r, version)), nextToken };
      },
    });

    app.get(`${requests}/:receiptId${ID}`, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Reads a return or cancel request (${version})`,
        description: '`data` is an array of one. Unknown: 400 `receiptId (<id>) is not found.`',
        security,
        params: ReceiptParams,
        response: { 200: OrdersEnvelope(Type.Array(Receipt)), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const raw = pathParam(request, 'receiptId');
        const id = pathId(raw);
        const receipt = id === undefined ? undefined : await findReceipt(ctx.db, vendorId, id);
        if (!receipt) throw new ApiError(400, rm.receiptUnknown(id ?? raw));
        return { code: 200, message: m.ok, data: [receiptView(receipt, version)] };
      },
    });
  }

  const actions: {
    action: SellerReceiptAction;
    versions: readonly string[];
    body: typeof StopBody | typeof CompletedShipmentBody | typeof ReceiveConfirmationBody;
    summary: string;
  }[] = [
    {
      action: 'stoppedShipment',
      versions: ['v4'],
      body: StopBody,
      summary: 'Stops a shipment: RELEASE_STOP_UNCHECKED → RETURNS_COMPLETED (처리(출고중지))',
    },
    {
      action: 'completedShipment',
      versions: ['v4'],
      body: CompletedShipmentBody,
      summary:
        'Answers a stop request as already shipped: RELEASE_STOP_UNCHECKED → RETURNS_COMPLETED (처리(이미출고))',
    },
    {
      action: 'receiveConfirmation',
      versions: ['v4', 'v5'],
      body: ReceiveConfirmationBody,
      summary: 'Confirms a return arrived: RETURNS_UNCHECKED → VENDOR_WAREHOUSE_CONFIRM',
    },
    {
      action: 'approval',
      versions: ['v4', 'v5'],
      body: StopBody,
      summary: 'Approves a return: VENDOR_WAREHOUSE_CONFIRM → RETURNS_COMPLETED',
    },
  ];
  for (const { action, versions, body: Body, summary } of actions) {
    const Data =
      action === 'completedShipment'
        ? CompletedShipmentData
        : action === 'stoppedShipment'
          ? ResultData
          : Type.Null();
    for (const version of versions) {
      for (const method of ['PATCH', 'PUT'] as const) {
        app.route({
          method,
          url: `${vendorPath(version)}/returnRequests/:receiptId${ID}/${action}`,
          config,
          validatorCompiler: documentOnly,
          schema: {
            tags,
            summary: `${summary} (${version}, ${method})`,
            description:
              'A body `receiptId` must be the path’s. `cancelCount` other than the receipt’s `cancelCountSum`: 500. Already completed: 400 `Product is already returned.`',
            security,
            params: ReceiptParams,
            body: Body,
            response: { 200: OrdersEnvelope(Data), ...errorResponses },
          },
          handler: async (request) => {
            const { vendorId, body } = orderBody(request);
            const receiptId = receiptIdOf(request, body);
            const cancelCount =
              action === 'stoppedShipment' || action === 'approval'
                ? requiredCount(body, 'cancelCount')
                : undefined;
            let delivery: { deliveryCompanyCode: string; invoiceNumber: string } | undefined;
            if (action === 'completedShipment') {
              const code = body.deliveryCompanyCode;
              if (typeof code !== 'string' || !isCourierCode(code))
                throw new ApiError(500, m.internalException);
              const number = body.invoiceNumber;
              if ((typeof number !== 'string' || number === '') && typeof number !== 'number')
                throw new ApiError(400, m.field('invoiceNumber'));
              delivery = { deliveryCompanyCode: code, invoiceNumber: String(number) };
            }
            await answerReceipt(
              ctx,
              vendorId,
              receiptId,
              action,
              { cancelCount, delivery },
              request.clock.nowMs(),
            );
            if (action === 'receiveConfirmation' || action === 'approval')
              return { code: 200, message: m.ok, data: null };
            if (action === 'completedShipment')
              return {
                code: 200,
                message: m.ok,
                data: { code: '200', message: 'OK', resultCode: 'SUCCESS', resultMessage: rm.alreadyShipped },
              };
            return { code: 200, message: m.ok, data: { resultCode: 'SUCCESS', resultMessage: rm.stopped } };
          },
        });
      }
    }
  }
}
