import { TABLES_CHILDREN_FIRST } from '../db/schema.js';
import { restartSequences } from '../db/sequences.js';
import type { ApiSlice } from '../http/slice.js';
import { requireAdminToken } from './admin.js';
import { sandboxParentGone } from './gone.js';
import { clockRoutes } from './clock/routes.js';
import { faultRoutes, journalRoutes } from './control/routes.js';
import { orderSandboxRoutes } from './orders.js';
import { portoneSandboxRoutes } from './portone.js';
import { ResetResult, SandboxError } from './schemas.js';
import { tenantRoutes } from './tenants.js';
import { vendorRoutes } from './vendors.js';
import { webhookRoutes } from './webhooks.js';

/** baesong's own `/sandbox` API: sets up what the real platforms create by other means. */
export const sandbox: ApiSlice = {
  platform: 'sandbox',
  renderError: (_request, error) => ({ error: error.message }),
  parentGone: sandboxParentGone,
  tags: [
    {
      name: 'Sandbox',
      description:
        "baesong's own API: merchants, payments and vendors as the platforms would create them, the request journal, faults, the clock, tenants and reset. Needs `adminToken` when the server has one.",
    },
    {
      name: 'Sandbox orders',
      description:
        "A Coupang vendor's orders, played by the sandbox: buyers order, cancel and return; couriers move boxes on.",
    },
    {
      name: 'Sandbox webhooks',
      description: "A merchant's webhook: where PortOne's notifications go, every attempt recorded, replay.",
    },
  ],
  async routes(app, ctx) {
    const security = requireAdminToken(app, ctx.config.adminToken);
    await portoneSandboxRoutes(app, ctx, security);
    await vendorRoutes(app, ctx, security);
    await orderSandboxRoutes(app, ctx, security);
    await clockRoutes(app, ctx, security);
    await tenantRoutes(app, ctx, security);
    await journalRoutes(app, ctx, security);
    await faultRoutes(app, ctx, security);
    await webhookRoutes(app, ctx, security);

    app.post('/sandbox/reset', {
      schema: {
        tags: ['Sandbox'],
        summary:
          'Deletes all data: merchants, tokens, payments, deliveries, Coupang vendors, places and orders, the journal and the faults; puts the clock back to real time',
        security,
        response: { 200: ResetResult, 401: SandboxError },
      },
      handler: async () => {
        // What the control plane holds in memory goes first, so nothing buffered lands after the reset.
        await app.controlPlane.reset();
        // Exclusive: writes under way end first, later ones wait, and none slips a row in between.
        await ctx.writes.exclusive(async (trx) => {
          // First: a restart waits for the creates that drew a code to end, before any row of theirs is deleted.
          await restartSequences(trx);
          for (const table of TABLES_CHILDREN_FIRST) await trx.deleteFrom(table).execute();
        });
        // The clock's rows are gone: real time here at once, on other instances at their next refresh.
        await ctx.clock.reload();
        await app.controlPlane.refresh();
        return { reset: true as const };
      },
    });
  },
};
