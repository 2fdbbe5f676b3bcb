/**
 * Order sheets (v4, v5): the list (day and per-minute modes, `nextToken` paging on the KST
 * calendar), a box by `shipmentBoxId`, an order's boxes by `orderId`, a box's history.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import { courierName, isCourierCode } from '../couriers.js';
import { errorResponses, security, vendorPath } from '../vendor-routes.js';
import { historyOf, isOpen, type OrderBox, orderSheet, type SheetVersion } from './box.js';
import { pathId } from './ids.js';
import { afterKey, checkDatedPage, pageOf } from './list-rules.js';
import { isBoxStatus } from './machine.js';
import { orderMessages as m } from './messages.js';
import { pathParam, pathVendor } from './requests.js';
import {
  BoxParams,
  ListEnvelope,
  OrderHistory,
  OrderParams,
  OrdersEnvelope,
  OrderSheetsQuery,
  orderSheetSchema,
  VendorIdParams,
} from './schemas.js';
import { findBox, findOrderBoxes, listBoxes } from './store.js';
import { Type } from '@sinclair/typebox';

const tags = ['Coupang orders'];
export const SHEET_VERSIONS = ['v4', 'v5'] as const;
const BOX_ID_WIDTH = 18;

/** Path ids are 1–19 digits: `…/ordersheets/acknowledgement` is another route (405 for GET). */
export const ID = '(^\\d{1,19}$)';

const deliveryCompanyName = (code: string) => (isCourierCode(code) ? courierName(code) : code);
export const sheetOf = (box: OrderBox, version: SheetVersion) =>
  orderSheet(box, version, deliveryCompanyName);

/** The box of the path, open; else the contract's 400. A closed box's history is still read. */
async function pathBox(
  ctx: AppContext,
  vendorId: string,
  raw: string,
  { closedToo = false } = {},
): Promise<OrderBox> {
  const id = pathId(raw);
  const box = id === undefined ? undefined : await findBox(ctx.db, vendorId, id);
  if (!box) throw new ApiError(400, m.orderUnknown);
  if (!closedToo && !isOpen(box)) throw new ApiError(400, m.closed);
  return box;
}

export async function sheetRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const version of SHEET_VERSIONS) {
    const sheets = `${vendorPath(version)}/ordersheets`;
    const Sheet = orderSheetSchema(version);

    app.get(sheets, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Lists the vendor’s order sheets of a status (${version})`,
        description:
          'Open boxes in `status`, paid within `createdAtFrom`–`createdAtTo` (KST dates, ends included), by ascending `shipmentBoxId`. ' +
          'Day mode pages by `maxPerPage` (default and at most 50) with `nextToken` (the page’s last id, `""` at the end), over at most 31 dates; ' +
          '`searchType=timeFrame` takes `yyyy-MM-ddTHH:mm` within one date and answers every match at once.',
        security,
        params: VendorIdParams,
        querystring: OrderSheetsQuery,
        response: { 200: ListEnvelope(Type.Array(Sheet)), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const query = request.query as Record<string, unknown>;
        let status = '';
        const page = checkDatedPage(query, {
          minuteSpanDays: 1,
          checkStatus: () => {
            const raw = query.status;
            if (raw === undefined) return { ok: false, message: m.requiredParam('status') };
            status = String(Array.isArray(raw) ? raw[0] : raw);
            return isBoxStatus(status)
              ? { ok: true, value: status }
              : { ok: false, message: m.invalidStatus };
          },
        });
        if (!page.ok) throw new ApiError(400, page.message);
        const { fromMs, untilMs, minuteMode, limit, after } = page.value;
        if (!isBoxStatus(status)) throw new ApiError(400, m.invalidStatus);
        const rows = await listBoxes(ctx.db, {
          vendorId,
          status,
          fromMs,
          untilMs,
          afterId: minuteMode ? '' : afterKey(after, BOX_ID_WIDTH),
          limit: minuteMode ? undefined : limit + 1,
        });
        const { page: boxes, nextToken } = minuteMode
          ? { page: rows, nextToken: '' }
          : pageOf(rows, limit, (box) => box.shipmentBoxId);
        return { code: 200, message: m.ok, data: boxes.map((box) => sheetOf(box, version)), nextToken };
      },
    });

    app.get(`${sheets}/:shipmentBoxId${ID}`, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Reads an order sheet by shipmentBoxId (${version})`,
        description:
          'Unknown or another vendor’s: 400 `주문 정보가 없습니다.`; every unit cancelled or returned: 400 `해당 주문이 취소 또는 반품되었습니다.`',
        security,
        params: BoxParams,
        response: { 200: OrdersEnvelope(Sheet), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const box = await pathBox(ctx, vendorId, pathParam(request, 'shipmentBoxId'));
        return { code: 200, message: m.ok, data: sheetOf(box, version) };
      },
    });

    app.get(`${vendorPath(version)}/:orderId${ID}/ordersheets`, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Reads an order’s sheets by orderId (${version})`,
        description:
          '`data` is an array: the order’s open boxes. Unknown: 400 `주문 정보가 없습니다.`; every box closed: 400 `해당 주문이 취소 또는 반품되었습니다.`',
        security,
        params: OrderParams,
        response: { 200: OrdersEnvelope(Type.Array(Sheet)), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const id = pathId(pathParam(request, 'orderId'));
        const boxes = id === undefined ? [] : await findOrderBoxes(ctx.db, vendorId, id);
        if (boxes.length === 0) throw new ApiError(400, m.orderUnknown);
        const open = boxes.filter(isOpen);
        if (open.length === 0) throw new ApiError(400, m.closed);
        return { code: 200, message: m.ok, data: open.map((box) => sheetOf(box, version)) };
      },
    });

    app.get(`${sheets}/:shipmentBoxId${ID}/history`, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: `Reads a box’s delivery history (${version})`,
        description: 'One entry per status entered, newest first; closed boxes too.',
        security,
        params: BoxParams,
        response: { 200: OrdersEnvelope(OrderHistory), ...errorResponses },
      },
      handler: async (request) => {
        const vendorId = pathVendor(request);
        const box = await pathBox(ctx, vendorId, pathParam(request, 'shipmentBoxId'), { closedToo: true });
        return { code: 200, message: m.ok, data: historyOf(box, version) };
      },
    });
  }
}
