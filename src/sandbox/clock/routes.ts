import type { FastifyInstance } from 'fastify';
import type { AppContext, ServerContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import type { Tenant } from '../../http/tenant.js';
import type { SandboxSecurity } from '../admin.js';
import {
  ClockChange as ClockChangeBody,
  TenantQuery as ClockQuery,
  SandboxClock as SandboxClockReading,
} from '../control-schemas.js';
import { sandboxErrors } from '../schemas.js';
import {
  advanceMs,
  type ClockState,
  LATEST_MS,
  latestAfterAdvance,
  MAX_ADVANCE_SECONDS,
  readClock,
} from './state.js';
import { type ClockChange, tenantExists, unknownTenant } from './store.js';

export const clockMessages = {
  unknownParameter: (name: string) => `unknown query parameter ${name}: give merchant or vendor`,
  repeatedParameter: (name: string) => `${name} must be given once`,
  bothTenants: 'give merchant or vendor, not both',
  notAnObject: 'body must be a JSON object with advanceSeconds, freeze or both',
  nothingAsked: 'send advanceSeconds, freeze or both',
  unknownField: (name: string) => `unknown field ${name}: send advanceSeconds, freeze or both`,
  advanceSeconds: `advanceSeconds must be a number above 0 and at most ${MAX_ADVANCE_SECONDS}`,
  freeze: 'freeze must be true or false',
  freezeWithTenant: 'freeze is global only: send it without merchant or vendor',
  pastLatest: `advanceSeconds would take the clock past ${new Date(LATEST_MS).toISOString()}`,
};

/** The tenant the query names (`merchant=<imp_key>` or `vendor=<vendorId>`), or null for the global clock. */
function tenantOfQuery(query: unknown): Tenant | null {
  const given = (query ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (name !== 'merchant' && name !== 'vendor')
      throw new ApiError(400, clockMessages.unknownParameter(name));
    if (typeof given[name] !== 'string') throw new ApiError(400, clockMessages.repeatedParameter(name));
  }
  const { merchant, vendor } = given as { merchant?: string; vendor?: string };
  if (merchant !== undefined && vendor !== undefined) throw new ApiError(400, clockMessages.bothTenants);
  if (merchant !== undefined) return { merchant };
  if (vendor !== undefined) return { vendor };
  return null;
}

/** What a `POST /sandbox/clock` body asks, checked field by field. */
function changeOfBody(body: unknown): ClockChange {
  if (body === undefined) throw new ApiError(400, clockMessages.nothingAsked);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, clockMessages.notAnObject);
  }
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (name !== 'advanceSeconds' && name !== 'freeze')
      throw new ApiError(400, clockMessages.unknownField(name));
  }
  const change: ClockChange = {};
  if ('advanceSeconds' in fields) {
    const s = fields.advanceSeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0 || s > MAX_ADVANCE_SECONDS) {
      throw new ApiError(400, clockMessages.advanceSeconds);
    }
    change.advanceMs = advanceMs(s);
  }
  if ('freeze' in fields) {
    if (typeof fields.freeze !== 'boolean') throw new ApiError(400, clockMessages.freeze);
    change.freeze = fields.freeze;
  }
  if (change.advanceMs === undefined && change.freeze === undefined) {
    throw new ApiError(400, clockMessages.nothingAsked);
  }
  return change;
}

/** 404 unless the tenant exists. */
async function mustExist(ctx: AppContext, tenant: Tenant | null): Promise<void> {
  if (tenant && !(await tenantExists(ctx.db, tenant))) throw unknownTenant(tenant);
}

/**
 * `GET`, `POST` and `DELETE /sandbox/clock` (README, The sandbox clock): read, move and reset the
 * sandbox clock, or with `merchant` / `vendor` a tenant's own offset.
 */
export async function clockRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  security: SandboxSecurity,
): Promise<void> {
  const { clock } = ctx;
  const reading = (state: ClockState, tenant: Tenant | null) => readClock(state, clock.real.nowMs(), tenant);
  const common = {
    // Checked by hand, so that each message names its field (`clockMessages`).
    validatorCompiler: documentOnly,
  };

  app.get('/sandbox/clock', {
    ...common,
    schema: {
      tags: ['Sandbox'],
      summary: 'Reads the sandbox clock, or a tenant’s (merchant or vendor)',
      security,
      querystring: ClockQuery,
      response: { 200: SandboxClockReading, ...sandboxErrors },
    },
    handler: async (request) => {
      const tenant = tenantOfQuery(request.query);
      await mustExist(ctx, tenant);
      return reading(clock.current(), tenant);
    },
  });

  app.post('/sandbox/clock', {
    ...common,
    schema: {
      tags: ['Sandbox'],
      summary:
        'Moves the sandbox clock forward, freezes or unfreezes it; with merchant or vendor, moves that tenant’s own offset',
      description:
        'Frozen, now stands still at the instant it was frozen, plus any later advance; unfrozen, it runs on from where it stood. ' +
        'A tenant’s offset is added to the global clock; freezing is global only.',
      security,
      querystring: ClockQuery,
      body: ClockChangeBody,
      response: { 200: SandboxClockReading, ...sandboxErrors },
    },
    handler: async (request) => {
      const tenant = tenantOfQuery(request.query);
      const change = changeOfBody(request.body);
      if (tenant && change.freeze !== undefined) throw new ApiError(400, clockMessages.freezeWithTenant);
      await mustExist(ctx, tenant);
      if (change.advanceMs !== undefined) {
        const state = await clock.reload();
        if (latestAfterAdvance(state, clock.real.nowMs(), tenant, change.advanceMs) > LATEST_MS) {
          throw new ApiError(400, clockMessages.pastLatest);
        }
      }
      return reading(await clock.change(tenant, change), tenant);
    },
  });

  app.delete('/sandbox/clock', {
    ...common,
    schema: {
      tags: ['Sandbox'],
      summary:
        'Puts the sandbox clock back to real time (offset 0, running); with merchant or vendor, that tenant’s offset to 0',
      security,
      querystring: ClockQuery,
      response: { 200: SandboxClockReading, ...sandboxErrors },
    },
    handler: async (request) => {
      const tenant = tenantOfQuery(request.query);
      await mustExist(ctx, tenant);
      return reading(await clock.reset(tenant), tenant);
    },
  });
}
