/** Acknowledgement (v4, v5; PATCH and PUT) and invoices (v4): batches judged box by box. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import { errorResponses, security, vendorPath } from '../vendor-routes.js';
import { readId } from './ids.js';
import { groupByBox, knownCouriers, readInvoiceLines } from './invoice-rules.js';
import { orderMessages as m } from './messages.js';
import { orderBody } from './requests.js';
import {
  AcknowledgementBody,
  AcknowledgementResult,
  InvoiceBody,
  InvoiceResult,
  OrdersEnvelope,
  VendorIdParams,
} from './schemas.js';
import { SHEET_VERSIONS } from './sheet-routes.js';
import { acknowledge, applyInvoices } from './shipments.js';

const tags = ['Coupang orders'];
const MAX_ACKNOWLEDGED = 50;
const config = { bodyTypes: ['json' as const], reportsBodyProblems: true };

/** The ids of an acknowledgement, or the 400 naming `shipmentBoxIds`. */
function readBoxIds(body: Record<string, unknown>): string[] {
  const ids = body.shipmentBoxIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ACKNOWLEDGED)
    throw new ApiError(400, m.shipmentBoxIdsCount);
  return ids.map((value) => {
    const read = readId(value);
    if (read.ok) return read.id;
    throw new ApiError(
      400,
      read.problem === 'fraction' ? m.idFraction('shipmentBoxIds') : m.field('shipmentBoxIds'),
    );
  });
}

export async function shipmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const version of SHEET_VERSIONS) {
    for (const method of ['PATCH', 'PUT'] as const) {
      app.route({
        method,
        url: `${vendorPath(version)}/ordersheets/acknowledgement`,
        config,
        validatorCompiler: documentOnly,
        schema: {
          tags,
          summary: `Acknowledges order sheets: ACCEPT → INSTRUCT (${version}, ${method})`,
          description:
            '1–50 `shipmentBoxIds` (JSON integers or digit strings). One result per id, in order: `OK`, `NOT_FOUND_SHIPMENT_BOX` (retry) or `INVALID_STATUS`; ' +
            '`responseCode` 0 all succeeded, 1 some, 99 none.',
          security,
          params: VendorIdParams,
          body: AcknowledgementBody,
          response: { 200: OrdersEnvelope(AcknowledgementResult), ...errorResponses },
        },
        handler: async (request) => {
          const { vendorId, body } = orderBody(request);
          const ids = readBoxIds(body);
          return {
            code: 200,
            message: m.ok,
            data: await acknowledge(ctx, vendorId, ids, request.clock.nowMs()),
          };
        },
      });
    }
  }

  for (const [path, action] of [
    ['invoices', 'uploadInvoice'],
    ['updateInvoices', 'updateInvoice'],
  ] as const) {
    app.post(`${vendorPath('v4')}/orders/${path}`, {
      config,
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary:
          action === 'uploadInvoice'
            ? 'Uploads invoices: INSTRUCT → DEPARTURE'
            : 'Replaces invoices of shipped boxes',
        description:
          'One result per `shipmentBoxId`, first seen first, judged box by box (the contract’s table). A `deliveryCompanyCode` that is no current courier code ' +
          'answers 500 `internal exception` and stores nothing. `DIRECT` (the seller’s own delivery) leaves the box `NONE_TRACKING`. Split shipping is refused.',
        security,
        params: VendorIdParams,
        body: InvoiceBody,
        response: { 200: OrdersEnvelope(InvoiceResult), ...errorResponses },
      },
      handler: async (request) => {
        const { vendorId, body } = orderBody(request);
        const read = readInvoiceLines(body);
        if (!read.ok) throw new ApiError(400, read.message);
        if (!knownCouriers(read.lines)) throw new ApiError(500, m.internalException);
        const data = await applyInvoices(
          ctx,
          vendorId,
          action,
          groupByBox(read.lines),
          request.clock.nowMs(),
        );
        return { code: 200, message: m.ok, data };
      },
    });
  }
}
