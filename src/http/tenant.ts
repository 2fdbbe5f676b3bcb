import type { FastifyInstance } from 'fastify';
import type { AppClock, Clock } from '../clock.js';

/**
 * Whom a platform request was authenticated as: a PortOne merchant (by its `imp_key`) or a
 * Coupang vendor (by its `vendorId`). Each platform's authentication sets it; the control plane
 * (journal, faults, per-tenant clocks) reads it. Null until then, and for refused requests.
 */
export type Tenant = { merchant: string } | { vendor: string };

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
    /**
     * The clock that judges this request and stamps what it stores: its tenant's clock once the
     * tenant is known (README, The sandbox clock), the global sandbox clock before.
     */
    readonly clock: Clock;
  }
}

export function decorateTenant(app: FastifyInstance, clock: AppClock): void {
  app.decorateRequest('tenant', null);
  app.decorateRequest('clock', {
    getter(this: { tenant: Tenant | null }) {
      return clock.of(this.tenant);
    },
  });
}
