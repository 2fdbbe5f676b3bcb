import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { outboundPlacesAfter } from '../coupang/places/outbound-store.js';
import { returnCentersAfter } from '../coupang/places/return-store.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import type { SandboxSecurity } from './admin.js';
import { unknownMerchant, unknownVendor } from './gone.js';
import { decodeCursor, encodeCursor, limitParam, page, queryParams } from './listing.js';
import {
  DeletedTenant,
  ImpKeyParams,
  MerchantList,
  OutboundPlaceListing,
  PaymentList,
  PaymentListQuery,
  PlaceListQuery,
  ReturnCenterListing,
  SandboxError,
  sandboxErrors,
  SandboxVendorParams,
  VendorList,
} from './schemas.js';
import {
  deleteMerchant,
  deleteVendor,
  listMerchants,
  listPayments,
  listVendors,
  merchantIdOf,
  vendorExists,
} from './tenant-store.js';

/**
 * Tenants, listings (README, Sandbox: tenants and listings): the merchants and vendors a sandbox holds, their
 * payments and places, and their deletion with all they own. Never a secret.
 */
export async function tenantRoutes(app: FastifyInstance, ctx: ServerContext, security: SandboxSecurity) {
  app.get('/sandbox/merchants', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Every PortOne merchant, oldest first, with how many payments it has (never a secret)',
      security,
      response: { 200: MerchantList, 401: SandboxError },
    },
    handler: async () => ({ merchants: await listMerchants(ctx) }),
  });

  app.delete('/sandbox/merchants/:imp_key', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Deletes a merchant with its token, payments, deliveries and all else it owns',
      security,
      params: ImpKeyParams,
      response: { 200: DeletedTenant, ...sandboxErrors },
    },
    handler: async (request) => {
      const { imp_key } = request.params as { imp_key: string };
      if (!(await deleteMerchant(ctx, app.controlPlane, imp_key)))
        throw new ApiError(404, unknownMerchant(imp_key));
      return { deleted: true as const };
    },
  });

  app.get('/sandbox/payments', {
    // The query is checked below, with messages naming the parameter.
    validatorCompiler: documentOnly,
    schema: {
      tags: ['Sandbox'],
      summary: 'Payments, newest first, each with its escrow delivery and how many Paymentwall calls it has',
      description:
        'All payments, or one merchant’s (`imp_key`). `limit` 1 to 1000 (default 100); `next` is the `cursor` of the following page.',
      security,
      querystring: PaymentListQuery,
      response: { 200: PaymentList, ...sandboxErrors },
    },
    handler: async (request) => {
      const params = queryParams(request.query, ['imp_key', 'limit', 'cursor']);
      const limit = limitParam(params.limit);
      const after =
        params.cursor === undefined
          ? undefined
          : decodeCursor('payments', params.cursor, ['number', 'string']);
      let merchantId: string | undefined;
      if (params.imp_key !== undefined) {
        merchantId = await merchantIdOf(ctx, params.imp_key);
        if (merchantId === undefined) throw new ApiError(404, unknownMerchant(params.imp_key));
      }
      const rows = await listPayments(ctx, {
        merchantId,
        after: after && { startedAt: after[0], impUid: after[1] },
        limit: limit + 1,
      });
      const { items, next } = page(rows, limit, (last) =>
        encodeCursor('payments', [last.started_at, last.imp_uid]),
      );
      return { payments: items, next };
    },
  });

  app.get('/sandbox/vendors', {
    schema: {
      tags: ['Sandbox'],
      summary:
        'Every Coupang vendor, oldest first, with how many places and centers it has (never the secret key)',
      security,
      response: { 200: VendorList, 401: SandboxError },
    },
    handler: async () => ({ vendors: await listVendors(ctx) }),
  });

  app.delete('/sandbox/vendors/:vendorId', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Deletes a Coupang vendor with its contracts, places, centers and all else it owns',
      security,
      params: SandboxVendorParams,
      response: { 200: DeletedTenant, ...sandboxErrors },
    },
    handler: async (request) => {
      const { vendorId } = request.params as { vendorId: string };
      if (!(await deleteVendor(ctx, app.controlPlane, vendorId)))
        throw new ApiError(404, unknownVendor(vendorId));
      return { deleted: true as const };
    },
  });

  /** A vendor's places or centers, oldest first, paged by code. */
  const placeListing =
    <T>(
      kind: string,
      read: typeof outboundPlacesAfter | typeof returnCentersAfter,
      code: (item: T) => number,
    ) =>
    async (request: { params: unknown; query: unknown }) => {
      const { vendorId } = request.params as { vendorId: string };
      const params = queryParams(request.query, ['limit', 'cursor']);
      const limit = limitParam(params.limit);
      const [after] = params.cursor === undefined ? [0] : decodeCursor(kind, params.cursor, ['number']);
      if (!(await vendorExists(ctx, vendorId))) throw new ApiError(404, unknownVendor(vendorId));
      const rows = (await read(ctx, vendorId, after, limit + 1)) as T[];
      const { items, next } = page(rows, limit, (last) => encodeCursor(kind, [code(last)]));
      return { content: items, next };
    };

  const pageDescription = '`limit` 1 to 1000 (default 100); `next` is the `cursor` of the following page.';

  app.get('/sandbox/vendors/:vendorId/outbound-places', {
    validatorCompiler: documentOnly,
    schema: {
      tags: ['Sandbox'],
      summary: "A vendor's outbound shipping places, oldest first, as the Coupang query shows them",
      description: pageDescription,
      security,
      params: SandboxVendorParams,
      querystring: PlaceListQuery,
      response: { 200: OutboundPlaceListing, ...sandboxErrors },
    },
    handler: placeListing<OutboundPlaceListing['content'][number]>(
      'outbound-places',
      outboundPlacesAfter,
      (place) => place.outboundShippingPlaceCode,
    ),
  });

  app.get('/sandbox/vendors/:vendorId/return-centers', {
    validatorCompiler: documentOnly,
    schema: {
      tags: ['Sandbox'],
      summary: "A vendor's return shipping centers, oldest first, as the Coupang reads show them",
      description: pageDescription,
      security,
      params: SandboxVendorParams,
      querystring: PlaceListQuery,
      response: { 200: ReturnCenterListing, ...sandboxErrors },
    },
    handler: placeListing<ReturnCenterListing['content'][number]>(
      'return-centers',
      returnCentersAfter,
      (center) => Number(center.returnCenterCode),
    ),
  });
}
