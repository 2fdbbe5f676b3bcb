import { Type } from '@sinclair/typebox';
/** `/sandbox/requests` and `/sandbox/faults`: the journal's and the faults' routes. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { unstorableText } from '../../db/text.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import type { SandboxSecurity } from '../admin.js';
import {
  DeletedCount as Deleted,
  Fault,
  FaultList,
  JournalEntryParams as IdParams,
  JournalCount,
  JournalEntry,
  JournalFilters,
  JournalPage as JournalList,
  JournalQuery as JournalListQuery,
  NewFault as NewFaultBody,
  RouteList,
  TenantQuery as JournalDeleteQuery,
} from '../control-schemas.js';
import { DeletedOne, SandboxError, sandboxErrors } from '../schemas.js';

/** The count takes the list's filters, and nothing else. */
const JournalCountQuery = Type.Object(JournalFilters.properties, { additionalProperties: false });
import { checkFault, insertFault, toFault } from './faults.js';
import {
  countEntries,
  deleteEntries,
  findEntry,
  type JournalCursor,
  type JournalFilter,
  listEntries,
  toEntry,
} from './journal.js';

const FILTERS = ['platform', 'method', 'route', 'path', 'status', 'merchant', 'vendor', 'since', 'fault'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const bad = (message: string) => new ApiError(400, message);

/**
 * ISO 8601 with a zone, and a day its month has: `Date.parse` would take 2026-02-30 as 2 March,
 * and an hour 24 as the next day's midnight.
 */
function isCalendarInstant(text: string): boolean {
  if (!ISO_INSTANT.test(text)) return false;
  const [year, month, day, hour] = text.split(/[-T:]/, 4).map(Number) as [number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23;
}

/** The query's parameters, each given once and among `allowed`; throws a 400 naming the first that is not. */
function readQuery(query: unknown, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(key)) throw bad(`unknown query parameter ${key}`);
    if (typeof value !== 'string') throw bad(`${key} must be given once`);
    const unstorable = unstorableText(value);
    if (unstorable === 'nul') throw bad(`${key} may not contain the NUL character`);
    if (unstorable) throw bad(`${key} must be well-formed Unicode`);
    out[key] = value;
  }
  return out;
}

function filterOf(q: Record<string, string>): JournalFilter {
  const f: JournalFilter = {};
  if (q.platform !== undefined) {
    if (q.platform !== 'portone' && q.platform !== 'coupang')
      throw bad('platform must be portone or coupang');
    f.platform = q.platform;
  }
  if (q.method !== undefined) {
    if (!/^[A-Za-z]+$/.test(q.method)) throw bad('method must be an HTTP method, e.g. POST');
    f.method = q.method.toUpperCase();
  }
  for (const key of ['route', 'path', 'merchant', 'vendor'] as const) {
    const value = q[key];
    if (value === undefined) continue;
    if (value === '') throw bad(`${key} must not be empty`);
    f[key] = value;
  }
  if (q.status !== undefined) {
    const cls = /^([2-5])xx$/i.exec(q.status);
    if (cls) {
      const hundred = Number(cls[1]) * 100;
      f.status = { from: hundred, to: hundred + 99 };
    } else if (/^[1-5]\d\d$/.test(q.status)) {
      f.status = { from: Number(q.status), to: Number(q.status) };
    } else {
      throw bad('status must be a status from 100 to 599, or 2xx, 3xx, 4xx or 5xx');
    }
  }
  if (q.since !== undefined) {
    const ms = isCalendarInstant(q.since) ? Date.parse(q.since) : Number.NaN;
    if (Number.isNaN(ms)) throw bad('since must be an ISO 8601 instant, e.g. 2026-12-04T09:15:02.123Z');
    f.sinceMs = ms;
  }
  if (q.fault !== undefined) {
    if (q.fault !== 'true' && q.fault !== 'false') throw bad('fault must be true or false');
    f.fault = q.fault === 'true';
  }
  return f;
}

function cursorOf(text: string): JournalCursor {
  const m = /^(\d{1,15})_(\d{1,15})$/.exec(text);
  if (!m) throw bad('cursor is not a cursor of this list: pass back the next of the previous page');
  return { atMs: Number(m[1]), id: Number(m[2]) };
}

const cursorText = (c: JournalCursor) => `${c.atMs}_${c.id}`;

/** A stored id as a number, or undefined for text no id can be. */
function idOf(text: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined;
}

const tags = ['Sandbox'];

export async function journalRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  const { journal } = app.controlPlane;

  app.get('/sandbox/requests', {
    validatorCompiler: documentOnly,
    schema: {
      tags,
      summary: 'The request journal: platform requests and their answers, newest first',
      description:
        'Filters combine with AND. `next` is the cursor of the following page: pass it back as `cursor` with the same filters. ' +
        'An unknown parameter or a value out of its range is a 400 naming it.',
      security,
      querystring: JournalListQuery,
      response: { 200: JournalList, ...sandboxErrors },
    },
    handler: async (request) => {
      const q = readQuery(request.query, [...FILTERS, 'order', 'limit', 'cursor']);
      const filter = filterOf(q);
      let limit = 100;
      if (q.limit !== undefined) {
        limit = /^\d{1,4}$/.test(q.limit) ? Number(q.limit) : 0;
        if (limit < 1 || limit > 1000) throw bad('limit must be a whole number from 1 to 1000');
      }
      const order = q.order ?? 'desc';
      if (order !== 'asc' && order !== 'desc') throw bad('order must be asc or desc');
      const after = q.cursor === undefined ? undefined : cursorOf(q.cursor);
      if (!journal.enabled) return { requests: [], next: null };
      await journal.flush();
      const page = await listEntries(ctx.db, filter, order, limit, after);
      return { requests: page.rows.map(toEntry), next: page.next ? cursorText(page.next) : null };
    },
  });

  app.get('/sandbox/requests/count', {
    validatorCompiler: documentOnly,
    schema: {
      tags,
      summary: 'How many journal entries match the filters',
      security,
      querystring: JournalCountQuery,
      response: { 200: JournalCount, ...sandboxErrors },
    },
    handler: async (request) => {
      const filter = filterOf(readQuery(request.query, FILTERS));
      if (!journal.enabled) return { count: 0 };
      await journal.flush();
      return { count: await countEntries(ctx.db, filter) };
    },
  });

  app.get('/sandbox/requests/:id', {
    schema: {
      tags,
      summary: 'One journal entry',
      security,
      params: IdParams,
      response: { 200: JournalEntry, ...sandboxErrors },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const n = idOf(id);
      if (journal.enabled && n !== undefined) {
        await journal.flush();
        const row = await findEntry(ctx.db, n);
        if (row) return toEntry(row);
      }
      throw new ApiError(404, `no journal entry has id ${id}`);
    },
  });

  app.delete('/sandbox/requests', {
    validatorCompiler: documentOnly,
    schema: {
      tags,
      summary: "Deletes the journal, or one tenant's entries (`merchant` or `vendor`)",
      security,
      querystring: JournalDeleteQuery,
      response: { 200: Deleted, ...sandboxErrors },
    },
    handler: async (request) => {
      const f = filterOf(readQuery(request.query, ['merchant', 'vendor']));
      await journal.flush();
      const tenant = {
        ...(f.merchant !== undefined ? { merchant: f.merchant } : {}),
        ...(f.vendor !== undefined ? { vendor: f.vendor } : {}),
      };
      return { deleted: await ctx.writes.statement((db) => deleteEntries(db, tenant)) };
    },
  });
}

export async function faultRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  const plane = app.controlPlane;

  app.post('/sandbox/faults', {
    validatorCompiler: documentOnly,
    schema: {
      tags,
      summary: 'Adds a fault: chosen platform requests fail, slow down, drop or hang',
      description:
        'In force at once on this instance and within 2 seconds on the others. Among the faults that match a request the oldest decides.',
      security,
      body: NewFaultBody,
      response: { 201: Fault, ...sandboxErrors },
    },
    handler: async (request, reply) => {
      const spec = checkFault(request.body);
      const fault = await insertFault(ctx, spec);
      await plane.refresh();
      return reply.code(201).send(fault);
    },
  });

  app.get('/sandbox/faults', {
    schema: {
      tags,
      summary: 'The faults in force, oldest first',
      security,
      response: { 200: FaultList, 401: SandboxError },
    },
    handler: async () => {
      const rows = await ctx.db.selectFrom('faults').selectAll().orderBy('id').execute();
      return { faults: rows.map(toFault) };
    },
  });

  app.get('/sandbox/faults/:id', {
    schema: {
      tags,
      summary: 'One fault',
      security,
      params: IdParams,
      response: { 200: Fault, ...sandboxErrors },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const n = idOf(id);
      const row =
        n === undefined
          ? undefined
          : await ctx.db.selectFrom('faults').selectAll().where('id', '=', n).executeTakeFirst();
      if (!row) throw new ApiError(404, `no fault has id ${id}`);
      return toFault(row);
    },
  });

  app.delete('/sandbox/faults/:id', {
    schema: {
      tags,
      summary: 'Deletes a fault',
      security,
      params: IdParams,
      response: { 200: DeletedOne, ...sandboxErrors },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const n = idOf(id);
      const result =
        n === undefined
          ? undefined
          : await ctx.writes.statement((db) =>
              db.deleteFrom('faults').where('id', '=', n).executeTakeFirst(),
            );
      if (!result || Number(result.numDeletedRows) === 0) throw new ApiError(404, `no fault has id ${id}`);
      await plane.refresh();
      return { deleted: 1 as const };
    },
  });

  app.get('/sandbox/routes', {
    schema: {
      tags,
      summary: "The platform routes, as a journal entry's `route` and a fault's `match.route` name them",
      security,
      response: { 200: RouteList, 401: SandboxError },
    },
    handler: async () => ({ routes: plane.routes() }),
  });

  app.delete('/sandbox/faults', {
    schema: { tags, summary: 'Deletes every fault', security, response: { 200: Deleted, 401: SandboxError } },
    handler: async () => {
      const result = await ctx.writes.statement((db) => db.deleteFrom('faults').executeTakeFirst());
      await plane.refresh();
      return { deleted: Number(result.numDeletedRows) };
    },
  });
}
