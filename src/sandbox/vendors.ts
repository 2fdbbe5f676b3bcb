import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { ReturnCourierCode } from '../coupang/couriers.js';
import { createVendor } from '../coupang/vendors.js';
import { ApiError } from '../http/api-error.js';
import type { SandboxSecurity } from './admin.js';
import { NewVendorBody, SandboxError, SandboxVendor } from './schemas.js';

/** A contract listed twice (same courier and contract number), or undefined. */
function repeatedContract(contracts: NewVendorBody['contracts']): string | undefined {
  const seen = new Set<string>();
  for (const [i, c] of (contracts ?? []).entries()) {
    const key = `${c.deliverCode} ${c.contractNumber}`;
    if (seen.has(key))
      return `contracts[${i}] repeats deliverCode ${c.deliverCode} with contractNumber ${c.contractNumber}`;
    seen.add(key);
  }
  return undefined;
}

/** `POST /sandbox/vendors`: a Coupang seller account with its Open API key. */
export async function vendorRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  app.post('/sandbox/vendors', {
    // Every field is optional, so no body at all is an empty one.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags: ['Sandbox'],
      summary: 'Creates a Coupang vendor with its access key and secret key',
      description:
        'Sign Coupang requests with the keys it answers. The secret key is shown here; the sandbox keeps it to check signatures.',
      security,
      body: NewVendorBody,
      response: { 201: SandboxVendor, 400: SandboxError, 401: SandboxError, 409: SandboxError },
    },
    handler: async (request, reply) => {
      const body = request.body as NewVendorBody;
      const repeated = repeatedContract(body.contracts);
      if (repeated) throw new ApiError(400, repeated);
      const vendor = await createVendor(ctx, {
        vendorId: body.vendorId,
        userIds: body.userIds,
        contracts: body.contracts?.map((c) => ({
          deliverCode: c.deliverCode as ReturnCourierCode,
          contractNumber: c.contractNumber,
          ...(c.contractCustomerNumber !== undefined
            ? { contractCustomerNumber: c.contractCustomerNumber }
            : {}),
          confirmed: c.confirmed ?? true,
        })),
      });
      return reply.code(201).send(vendor);
    },
  });
}
