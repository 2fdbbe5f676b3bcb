import type { FastifyInstance } from 'fastify';

/**
 * Whom a platform request was authenticated as: a PortOne merchant (by its `imp_key`) or a
 * Coupang vendor (by its `vendorId`). Each platform's authentication sets it; the control plane
 * (journal, faults, per-tenant clocks) reads it. Null until then, and for refused requests.
 */
export type Tenant = { merchant: string } | { vendor: string };

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
  }
}

export function decorateTenant(app: FastifyInstance): void {
  app.decorateRequest('tenant', null);
}
