/**
 * What the routes under `/vendors/{vendorId}` share: their paths, their OpenAPI error
 * responses and security, the vendor the gateway bound, and the path's vendorId check.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { checkPathVendor } from './vendor-ids.js';
import { GatewayErrorBody, PlaceErrorBody } from './schemas.js';
import type { CoupangVendor } from './vendors.js';

/** Both API versions serve the vendor paths alike. */
export const VENDOR_PATH_VERSIONS = ['v4', 'v5'] as const;

export const vendorPath = (version: string) => `/v2/providers/openapi/apis/api/${version}/vendors/:vendorId`;

export const errorResponses = {
  400: PlaceErrorBody,
  401: GatewayErrorBody,
  429: GatewayErrorBody,
  500: PlaceErrorBody,
};

export const security = [{ coupangHmac: [] }];

/** A place or center code of the path as a number, when it is one. */
export function pathCode(raw: string): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const code = Number(raw);
  return Number.isSafeInteger(code) && code > 0 ? code : undefined;
}

export function vendorOf(request: FastifyRequest): CoupangVendor {
  // The gateway hook sets it on every request that reaches a handler.
  return request.coupangVendor as CoupangVendor;
}

/** The path's vendorId checked (format, then the key's vendor); throws the broken rule. */
export function checkedPathVendor(request: FastifyRequest, vendorMismatchMessage: string): void {
  const { vendorId } = request.params as { vendorId: string };
  const checked = checkPathVendor(vendorId, vendorOf(request), vendorMismatchMessage);
  if (!checked.ok) throw new ApiError(400, checked.message);
}
