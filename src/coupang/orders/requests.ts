/**
 * What every order route reads of its request before its own rules, in the contract's order:
 * the path's vendorId (format, then the key's vendor), the body's vendorId when sent, the body
 * itself; and the vendor's clock, which stamps every time the routes store.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../http/api-error.js';
import { bodyProblem } from '../../http/body.js';
import { placeMessages as p } from '../messages.js';
import { isPlainObject } from '../values.js';
import { checkedPathVendor, vendorOf } from '../vendor-routes.js';
import { orderMessages as m } from './messages.js';

/** The path's vendorId checked; answers the vendor the gateway bound. */
export function pathVendor(request: FastifyRequest): string {
  checkedPathVendor(request, p.returnVendorMismatch);
  return vendorOf(request).vendorId;
}

/**
 * The body of an order route as an object, after the path's and the body's vendorId (a body
 * `vendorId` is optional; `null` counts as absent). `ownVendorRule`: the route words a body
 * vendorId itself (seller cancel), so only the path is checked here.
 */
export function orderBody(
  request: FastifyRequest,
  { ownVendorRule = false } = {},
): { vendorId: string; body: Record<string, unknown> } {
  const vendorId = pathVendor(request);
  const body = request.body;
  const problem = bodyProblem(request);
  if (
    !ownVendorRule &&
    !problem &&
    isPlainObject(body) &&
    body.vendorId !== undefined &&
    body.vendorId !== null
  ) {
    if (body.vendorId !== vendorId) throw new ApiError(400, p.returnVendorMismatch);
  }
  if (problem) throw new ApiError(400, problem.message);
  if (!isPlainObject(body)) throw new ApiError(400, m.bodyNotObject);
  return { vendorId, body };
}

/** The path's id parameter as stored (digits), or undefined when it cannot be an id. */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}
