import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';

/** The OpenAPI security of every sandbox route: the admin token when the server has one. */
export type SandboxSecurity = { adminToken: string[] }[];

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const adminTokenMessages = {
  missing: 'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>',
  invalid: 'invalid admin token',
};

/**
 * With an admin token configured, every route of `app` needs it as a bearer token. A request
 * without a bearer token is told what to send; one with another token is told it is wrong.
 */
export function requireAdminToken(app: FastifyInstance, adminToken: string | undefined): SandboxSecurity {
  if (!adminToken) return [];
  app.addHook('onRequest', async (request) => {
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
    if (!given) throw new ApiError(401, adminTokenMessages.missing);
    if (!sameSecret(given, adminToken)) throw new ApiError(401, adminTokenMessages.invalid);
  });
  return [{ adminToken: [] }];
}
