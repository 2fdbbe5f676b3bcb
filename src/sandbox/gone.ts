/**
 * The sandbox's answers for what a request names and the sandbox does not hold (404), and which of
 * them a request gets when what it names vanished while it was served (`ApiSlice.parentGone`).
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';

export const unknownMerchant = (impKey: string) => `no merchant has imp_key ${impKey}`;
export const unknownVendor = (vendorId: string) => `no vendor has vendorId ${vendorId}`;
export const unknownPayment = (impUid: string) => `no payment has imp_uid ${impUid}`;
export const unknownWebhook = (id: string) => `no webhook has id ${id}`;

/**
 * A sandbox write whose parent was deleted under it: the 404 of what its path (or, for a new
 * payment, its body's `imp_key`) names, the tenant first, as the route answers it when sent again.
 */
export function sandboxParentGone(request: FastifyRequest): ApiError {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const body = request.body as { imp_key?: unknown } | undefined;
  const impKey = params.imp_key ?? (typeof body?.imp_key === 'string' ? body.imp_key : undefined);
  if (params.vendorId !== undefined) return new ApiError(404, unknownVendor(params.vendorId));
  if (impKey !== undefined) return new ApiError(404, unknownMerchant(impKey));
  if (params.imp_uid !== undefined) return new ApiError(404, unknownPayment(params.imp_uid));
  if (params.id !== undefined) return new ApiError(404, unknownWebhook(params.id));
  return new ApiError(404, 'what this request names was deleted while it was served');
}
