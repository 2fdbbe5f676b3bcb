import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { retryingRaces } from '../../db/retry.js';
import { documentOnly } from '../../http/schemas.js';
import { ApiError } from '../../http/api-error.js';
import { placeSuccess } from '../envelope.js';
import { placeMessages as p, returnMessages as r } from '../messages.js';
import { checkedBody } from './place-routes.js';
import {
  checkedPathVendor,
  errorResponses,
  pathCode,
  security,
  VENDOR_PATH_VERSIONS,
  vendorOf,
  vendorPath,
} from '../vendor-routes.js';
import { checkPaging, pagination } from '../paging.js';
import {
  checkBodyCenterCode,
  checkCenterCodes,
  checkContract,
  checkReturnCenterFields,
  checkReturnCenterUpdate,
  withoutNullName,
} from './return-rules.js';
import {
  findReturnCenter,
  findReturnCentersByCodes,
  insertReturnCenter,
  listReturnCenters,
  updateReturnCenter,
} from './return-store.js';
import {
  CenterCodesQuery,
  PlaceEnvelope,
  PlaceResult,
  ReturnCenterBody,
  ReturnCenterList,
  ReturnCenterPage,
  ReturnCenterParams,
  ReturnCentersQuery,
  ReturnCenterUpdateBody,
  VendorIdParams,
} from '../schemas.js';
import { vendorContracts } from '../vendors.js';

const tags = ['Coupang return centers'];

/** The lookup by codes: the current path, and the one older clients call. */
export const CENTER_CODE_PATHS = [
  '/v2/providers/openapi/apis/api/v3/return/shipping-places/center-code',
  '/v2/providers/greatwall_api/apis/api/v2/return/shipping-places/center-code',
];

/** Return shipping centers: create, list, update, look up by codes. */
export async function returnRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const version of VENDOR_PATH_VERSIONS) {
    const centers = `${vendorPath(version)}/returnShippingCenters`;

    app.post(centers, {
      // The body is read by the rules, in the documented order, never coerced by a schema.
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: 'Creates a return shipping center',
        description:
          'Answers the new return center code in `resultMessage`. Numbers and booleans may come as strings, as Coupang’s own examples send them. ' +
          'The contract is checked against the vendor’s (`POST /sandbox/vendors`) once the center is known to be no duplicate: an unknown one answers 500 and stores nothing; ' +
          'an unconfirmed one answers 500 `It has been registered, but contract confirmation has failed.` and the center is stored with `goodsflowStatus` `승인불가`.',
        security,
        params: VendorIdParams,
        body: ReturnCenterBody,
        response: { 200: PlaceEnvelope(PlaceResult), ...errorResponses },
      },
      handler: async (request) => {
        const vendor = vendorOf(request);
        const body = checkedBody(request, p.returnVendorMismatch);
        const plan = checkReturnCenterFields(body, { userIds: vendor.userIds });
        if (!plan.ok) throw new ApiError(400, plan.message);
        const contract = checkContract(plan.value.courier, await vendorContracts(ctx, vendor.vendorId));
        const centerCode = await retryingRaces(() =>
          insertReturnCenter(ctx, vendor.vendorId, plan.value, contract),
        );
        if (contract.ok && !contract.confirmed) throw new ApiError(500, r.contractUnconfirmed);
        return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: String(centerCode) });
      },
    });

    app.get(centers, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: 'Lists the vendor’s return shipping centers',
        description:
          'A page of the vendor’s centers, oldest first: `pageNum` (default 1), `pageSize` (default 10, at most 50).',
        security,
        params: VendorIdParams,
        querystring: ReturnCentersQuery,
        response: { 200: PlaceEnvelope(ReturnCenterPage), ...errorResponses },
      },
      handler: async (request) => {
        checkedPathVendor(request, p.returnVendorMismatch);
        const page = checkPaging(request.query as Record<string, unknown>);
        if (!page.ok) throw new ApiError(400, page.message);
        const { content, totalElements } = await listReturnCenters(
          ctx,
          vendorOf(request).vendorId,
          page.value,
        );
        return placeSuccess({ content, pagination: pagination(page.value, totalElements) });
      },
    });

    app.put(`${centers}/:returnCenterCode`, {
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: 'Updates a return shipping center',
        description:
          'Takes `vendorId`, `returnCenterCode` (equal to the path’s) and `userId`, and what is to change: `shippingPlaceName` (left out or null: unchanged), `usable`, ' +
          '`placeAddresses`, and fees in `goodsflowInfoDto` (or `goodsflowInfoOpenApiDto`). The courier and its contract cannot change.',
        security,
        params: ReturnCenterParams,
        body: ReturnCenterUpdateBody,
        response: { 200: PlaceEnvelope(PlaceResult), ...errorResponses },
      },
      handler: async (request) => {
        const vendor = vendorOf(request);
        const body = checkedBody(request, p.returnVendorMismatch, withoutNullName(request.body));
        const { returnCenterCode: rawCode } = request.params as { returnCenterCode: string };
        const code = pathCode(rawCode);
        const matches = checkBodyCenterCode(body, rawCode, code);
        if (!matches.ok) throw new ApiError(400, matches.message);
        await retryingRaces(async () => {
          const existing =
            code === undefined ? undefined : await findReturnCenter(ctx, vendor.vendorId, code);
          if (!existing) throw new ApiError(400, r.centerCodeUnknown(rawCode));
          const plan = checkReturnCenterUpdate(body, { userIds: vendor.userIds, existing });
          if (!plan.ok) throw new ApiError(400, plan.message);
          await updateReturnCenter(ctx, vendor.vendorId, existing.centerCode, plan.value);
        });
        return placeSuccess({ resultCode: 'SUCCESS' as const, resultMessage: p.modified });
      },
    });
  }

  for (const path of CENTER_CODE_PATHS) {
    app.get(path, {
      validatorCompiler: documentOnly,
      schema: {
        tags,
        summary: 'Looks up the vendor’s return shipping centers by code',
        description:
          '`returnCenterCodes`: up to 100 codes, comma-separated. `data` holds the vendor’s centers among them, in the order asked; other codes are left out.',
        security,
        querystring: CenterCodesQuery,
        response: { 200: PlaceEnvelope(ReturnCenterList), ...errorResponses },
      },
      handler: async (request) => {
        const codes = checkCenterCodes((request.query as Record<string, unknown>).returnCenterCodes);
        if (!codes.ok) throw new ApiError(400, codes.message);
        return placeSuccess(await findReturnCentersByCodes(ctx, vendorOf(request).vendorId, codes.value));
      },
    });
  }
}
