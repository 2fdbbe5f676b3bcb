import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { retryingRaces } from '../db/retry.js';
import { bodyProblem } from '../http/body.js';
import { documentOnly } from '../http/schemas.js';
import { answeringPlaceErrors, PlaceError, placeSuccess } from './envelope.js';
import { outboundMessages as o, placeMessages as p } from './messages.js';
import { checkOutboundFields } from './outbound-rules.js';
import {
  findOutboundPlace,
  insertOutboundPlace,
  listOutboundPlaces,
  type OutboundSelection,
  updateOutboundPlace,
} from './outbound-store.js';
import {
  checkPaging,
  checkPlaceRequest,
  pagination,
  readNumber,
  readText,
  shownValue,
  WRONG_TYPE,
} from './places.js';
import {
  GatewayErrorBody,
  OutboundPlaceBody,
  OutboundPlacePage,
  OutboundPlaceParams,
  OutboundPlaceUpdateBody,
  OutboundQuery,
  PlaceEnvelope,
  PlaceErrorBody,
  PlaceResult,
  VendorIdParams,
} from './schemas.js';
import type { CoupangVendor } from './vendors.js';

/** Both API versions serve the vendor paths alike. */
const VENDOR_PATH_VERSIONS = ['v4', 'v5'] as const;
const QUERY_PATH_VERSIONS = ['v1', 'v2'] as const;

const vendorPath = (version: string) => `/v2/providers/openapi/apis/api/${version}/vendors/:vendorId`;

const errorResponses = {
  400: PlaceErrorBody,
  401: GatewayErrorBody,
  429: GatewayErrorBody,
  500: PlaceErrorBody,
};
const security = [{ coupangHmac: [] }];

function vendorOf(request: FastifyRequest): CoupangVendor {
  // The gateway hook sets it on every request that reaches a handler.
  return request.coupangVendor as CoupangVendor;
}

/** Everything up to the field rules; throws the first broken rule. */
function checkedBody(request: FastifyRequest): Record<string, unknown> {
  const { vendorId } = request.params as { vendorId: string };
  const checked = checkPlaceRequest({
    pathVendorId: vendorId,
    body: request.body,
    unreadable: bodyProblem(request),
    vendor: vendorOf(request),
    vendorMismatchMessage: p.outboundVendorMismatch,
  });
  if (!checked.ok) throw new PlaceError(400, checked.message);
  return checked.value;
}

/** The place code of the path as a number, when it is one. */
function pathPlaceCode(raw: string): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const code = Number(raw);
  return Number.isSafeInteger(code) && code > 0 ? code : undefined;
}

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
      handler: (request, reply) =>
        answeringPlaceErrors(reply, async () => {
          const vendor = vendorOf(request);
          const body = checkedBody(request);
          const placeCode = await retryingRaces(async () => {
            const plan = checkOutboundFields(body, { userIds: vendor.userIds });
            if (!plan.ok) throw new PlaceError(400, plan.message);
            return insertOutboundPlace(ctx, vendor.vendorId, plan.value);
          });
          return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: String(placeCode) });
        }),
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
      handler: (request, reply) =>
        answeringPlaceErrors(reply, async () => {
          const vendor = vendorOf(request);
          const body = checkedBody(request);
          const { outboundShippingPlaceCode: rawCode } = request.params as {
            outboundShippingPlaceCode: string;
          };
          const code = pathPlaceCode(rawCode);
          if (body.outboundShippingPlaceCode !== undefined) {
            const given = readNumber(body.outboundShippingPlaceCode);
            if (given === WRONG_TYPE || given !== code) {
              const shown = readText(body.outboundShippingPlaceCode);
              const text = shown === WRONG_TYPE ? shownValue(body.outboundShippingPlaceCode) : String(shown);
              throw new PlaceError(400, o.placeCodeMismatch(text, rawCode));
            }
          }
          await retryingRaces(async () => {
            const existing =
              code === undefined ? undefined : await findOutboundPlace(ctx, vendor.vendorId, code);
            if (!existing) throw new PlaceError(400, o.placeCodeUnknown(rawCode));
            const plan = checkOutboundFields(body, { userIds: vendor.userIds, existing });
            if (!plan.ok) throw new PlaceError(400, plan.message);
            await updateOutboundPlace(ctx, vendor.vendorId, existing.placeCode, plan.value);
          });
          return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: p.modified });
        }),
    });
  }

  for (const version of QUERY_PATH_VERSIONS) {
    app.get(`/v2/providers/marketplace_openapi/apis/api/${version}/vendor/shipping-place/outbound`, {
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
      handler: (request, reply) =>
        answeringPlaceErrors(reply, async () => {
          const query = request.query as Record<string, unknown>;
          const page = checkPaging(query);
          if (!page.ok) throw new PlaceError(400, page.message);
          const selection = lookupSelection(query) ?? { page: page.value };
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
        }),
    });
  }
}

/** Comma-separated values of a query parameter, sent once or repeated. */
function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? [...new Set(items)] : undefined;
}

/** The lookup by codes and names, when the query asks for one. */
function lookupSelection(query: Record<string, unknown>): OutboundSelection | undefined {
  const codes = listParam(query.placeCodes);
  const names = listParam(query.placeNames);
  if (!codes && !names) return undefined;
  if (codes?.some((c) => !/^\d+$/.test(c) || !Number.isSafeInteger(Number(c)))) {
    throw new PlaceError(400, o.placeCodesInvalid(String(query.placeCodes)));
  }
  return {
    ...(codes ? { placeCodes: codes.map(Number) } : {}),
    ...(names ? { placeNames: names } : {}),
  };
}
