import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../http/api-error.js';
import { bodyProblem } from '../../http/body.js';
import { checkPlaceRequest } from './place-rules.js';
import { vendorOf } from '../vendor-routes.js';

/**
 * Everything up to the field rules (path vendorId, body, body vendorId); throws the first
 * broken rule. `body` stands in for the request's own, for a route that sets some of it aside first.
 */
export function checkedBody(
  request: FastifyRequest,
  vendorMismatchMessage: string,
  body: unknown = request.body,
): Record<string, unknown> {
  const { vendorId } = request.params as { vendorId: string };
  const checked = checkPlaceRequest({
    pathVendorId: vendorId,
    body,
    unreadable: bodyProblem(request),
    vendor: vendorOf(request),
    vendorMismatchMessage,
  });
  if (!checked.ok) throw new ApiError(400, checked.message);
  return checked.value;
}
