import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { retryingRaces } from '../../db/retry.js';
import { documentOnly } from '../../http/schemas.js';
import { ApiError } from '../../http/api-error.js';
import { placeSuccess } from '../envelope.js';
import { outboundMessages as o, placeMessages as p } from '../messages.js';
import { checkBodyPlaceCode, checkOutboundFields, checkPlaceLookup } from './outbound-rules.js';
import {
  findOutboundPlace,
  insertOutboundPlace,
  listOutboundPlaces,
  updateOutboundPlace,
} from './outbound-store.js';
import { checkedBody } from './place-routes.js';
import {
  errorResponses,
  pathCode,
  security,
  VENDOR_PATH_VERSIONS,
  vendorOf,
  vendorPath,
} from '../vendor-routes.js';
import { checkPaging, pagination } from '../paging.js';
import {
  OutboundPlaceBody,
  OutboundPlacePage,
  OutboundPlaceParams,
  OutboundPlaceUpdateBody,
  OutboundQuery,
  PlaceEnvelope,
  PlaceResult,
  VendorIdParams,
} from '../schemas.js';

const QUERY_PATH_VERSIONS = ['v1', 'v2'] as const;

export const outboundQueryPath = (version: string) =>
  `/v2/providers/marketplace_openapi/apis/api/${version}/vendor/shipping-place/outbound`;

/** Outbound shipping places: create, update, query. */
export async function outboundRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const version of VENDOR_PATH_VERSIONS) {
    app.post(`${vendorPath(version)}/outboundShippingCenters`, {
      // The body is read by the rules, in the documented order, never coerced by a schema.
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags: ['Coupang outbound'],
        summary: 'Creates an outbound shipping place',
        description:
          'Answers the new place code in `resultMessage`. Numbers and booleans may come as strings, as Coupang’s own examples send them.',
        security,
        params: VendorIdParams,
        body: OutboundPlaceBody,
        response: { 200: PlaceEnvelope(PlaceResult), ...errorResponses },
      },
      handler: async (request) => {
        const vendor = vendorOf(request);
        const body = checkedBody(request, p.outboundVendorMismatch);
        const placeCode = await retryingRaces(async () => {
          const plan = checkOutboundFields(body, { userIds: vendor.userIds });
          if (!plan.ok) throw new ApiError(400, plan.message);
          return insertOutboundPlace(ctx, vendor.vendorId, plan.value);
        });
        return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: String(placeCode) });
      },
    });

    app.put(`${vendorPath(version)}/outboundShippingCenters/:outboundShippingPlaceCode`, {
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags: ['Coupang outbound'],
        summary: 'Updates an outbound shipping place',
        description:
          'Takes the create body. A `remoteInfos` entry with a `remoteInfoId` changes that entry (`"usable": false` switches it off); one without is added; entries not mentioned stay. `global` cannot change.',
        security,
        params: OutboundPlaceParams,
        body: OutboundPlaceUpdateBody,
        response: { 200: PlaceEnvelope(PlaceResult), ...errorResponses },
      },
      handler: async (request) => {
        const vendor = vendorOf(request);
        const body = checkedBody(request, p.outboundVendorMismatch);
        const { outboundShippingPlaceCode: rawCode } = request.params as {
          outboundShippingPlaceCode: string;
        };
        const code = pathCode(rawCode);
        const matches = checkBodyPlaceCode(body, rawCode, code);
        if (!matches.ok) throw new ApiError(400, matches.message);
        await retryingRaces(async () => {
          const existing =
            code === undefined ? undefined : await findOutboundPlace(ctx, vendor.vendorId, code);
          if (!existing) throw new ApiError(400, o.placeCodeUnknown(rawCode));
          const plan = checkOutboundFields(body, { userIds: vendor.userIds, existing });
          if (!plan.ok) throw new ApiError(400, plan.message);
          await updateOutboundPlace(ctx, vendor.vendorId, existing.placeCode, plan.value);
        });
        return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: p.modified });
      },
    });
  }

  for (const version of QUERY_PATH_VERSIONS) {
    app.get(outboundQueryPath(version), {
      validatorCompiler: documentOnly,
      schema: {
        tags: ['Coupang outbound'],
        summary: 'Queries the vendor’s outbound shipping places',
        description:
          'Without an envelope. A page of all places (`pageNum`, `pageSize`), or the places with the given `placeCodes` and/or `placeNames`, all on one page. Oldest first.',
        security,
        querystring: OutboundQuery,
        response: { 200: OutboundPlacePage, ...errorResponses },
      },
      handler: async (request) => {
        const query = request.query as Record<string, unknown>;
        const page = checkPaging(query);
        if (!page.ok) throw new ApiError(400, page.message);
        const lookup = checkPlaceLookup(query);
        if (!lookup.ok) throw new ApiError(400, lookup.message);
        const selection = lookup.value ?? { page: page.value };
        const { content, totalElements } = await listOutboundPlaces(
          ctx,
          vendorOf(request).vendorId,
          selection,
        );
        // A lookup answers every match on one page.
        const pages =
          'page' in selection
            ? pagination(page.value, totalElements)
            : {
                currentPage: 1,
                totalPages: totalElements > 0 ? 1 : 0,
                totalElements,
                countPerPage: totalElements,
              };
        return { content, pagination: pages };
      },
    });
  }
}
