/**
 * Schemas of the sandbox's control plane (README, Testing the hard cases and The sandbox clock): the request journal, faults
 * and the clock. The routes document and serialize with them; the client takes its types from
 * them by `import type` only. This module imports nothing but TypeBox.
 */
import { type Static, Type } from '@sinclair/typebox';

const Platform = Type.Union([Type.Literal('portone'), Type.Literal('coupang')]);

/** `{"merchant": imp_key}`, `{"vendor": vendorId}`, or null when the request was not authenticated. */
export const JournalTenant = Type.Union([
  Type.Object({ merchant: Type.String() }, { additionalProperties: false }),
  Type.Object({ vendor: Type.String() }, { additionalProperties: false }),
  Type.Null(),
]);
export type JournalTenant = Static<typeof JournalTenant>;

/** `{"merchant": imp_key}` or `{"vendor": vendorId}`: whose entries, faults or clock a call is about. */
export type TenantSelector = { merchant: string; vendor?: never } | { vendor: string; merchant?: never };

// ── §1 The request journal ─────────────────────────────────────────────────────────────────

export const JournalEntry = Type.Object({
  id: Type.String({ description: 'opaque, unique in the database' }),
  at: Type.String({
    format: 'date-time',
    description: 'when the request arrived, by the sandbox clock: ISO 8601 UTC with milliseconds',
  }),
  platform: Platform,
  method: Type.String(),
  path: Type.String(),
  query: Type.String({ description: 'the query string exactly as sent, without `?`' }),
  route: Type.Union([Type.String(), Type.Null()], {
    description: '`METHOD template`, e.g. `POST /escrows/logis/{imp_uid}`; null when no route matched',
  }),
  tenant: JournalTenant,
  request: Type.Object({
    headers: Type.Record(Type.String(), Type.String(), {
      description: 'lowercase names; credentials `[redacted]`',
    }),
    body: Type.Unknown({
      description:
        'JSON as its value, a form as an object of its fields, none as null, other text as a string; over 64 KiB `{"truncated": true, "bytes": n}`',
    }),
  }),
  response: Type.Union(
    [
      Type.Object({ status: Type.Integer(), body: Type.Unknown({ description: 'the JSON that was sent' }) }),
      Type.Null(),
    ],
    { description: 'null when a fault dropped the request or left it hanging' },
  ),
  durationMs: Type.Number(),
  fault: Type.Union([Type.String(), Type.Null()], {
    description: 'the id of the fault that shaped the answer',
  }),
});
export type JournalEntry = Static<typeof JournalEntry>;

/** The filters of `GET /sandbox/requests` and `/sandbox/requests/count`, all combined with AND. */
export const JournalFilters = Type.Object({
  platform: Type.Optional(Platform),
  method: Type.Optional(Type.String()),
  route: Type.Optional(Type.String({ description: 'exact, e.g. `POST /escrows/logis/{imp_uid}`' })),
  path: Type.Optional(Type.String({ description: 'exact' })),
  status: Type.Optional(
    Type.String({
      pattern: '^([2-5][xX]{2}|[1-5][0-9]{2})$',
      description: 'a status from 100 to 599, or 2xx, 3xx, 4xx, 5xx',
    }),
  ),
  merchant: Type.Optional(Type.String({ description: 'imp_key' })),
  vendor: Type.Optional(Type.String({ description: 'vendorId' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'inclusive, by `at`' })),
  fault: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'true: only faulted requests; false: only unfaulted',
    }),
  ),
});
export type JournalFilters = Static<typeof JournalFilters>;

export const JournalQuery = Type.Object(
  {
    ...JournalFilters.properties,
    order: Type.Optional(
      Type.Union([Type.Literal('desc'), Type.Literal('asc')], {
        default: 'desc',
        description: 'by `at`, then id',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(
      Type.String({ description: 'the `next` of the page before, with the same filters' }),
    ),
  },
  { additionalProperties: false },
);
export type JournalQuery = Static<typeof JournalQuery>;

export const JournalPage = Type.Object({
  requests: Type.Array(JournalEntry),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'the cursor of the following page, or null',
  }),
});
export type JournalPage = Static<typeof JournalPage>;

export const JournalCount = Type.Object({ count: Type.Integer() });
export type JournalCount = Static<typeof JournalCount>;

export const JournalEntryParams = Type.Object({ id: Type.String() });

/** `merchant=` or `vendor=`: a tenant's own entries, or its own clock. */
export const TenantQuery = Type.Object(
  { merchant: Type.Optional(Type.String()), vendor: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type TenantQuery = Static<typeof TenantQuery>;

/** `{"deleted": n}`: how many entries or faults a delete removed. */
export const DeletedCount = Type.Object({ deleted: Type.Integer() });
export type DeletedCount = Static<typeof DeletedCount>;

// ── §2 Faults ──────────────────────────────────────────────────────────────────────────────

export const FaultMatch = Type.Object(
  {
    platform: Type.Optional(Platform),
    method: Type.Optional(Type.String()),
    route: Type.Optional(Type.String()),
    path: Type.Optional(Type.String({ description: 'exact' })),
    merchant: Type.Optional(Type.String({ description: 'imp_key' })),
    vendor: Type.Optional(Type.String({ description: 'vendorId' })),
  },
  {
    additionalProperties: false,
    description: 'all given keys combined with AND; {} matches every platform request',
  },
);
export type FaultMatch = Static<typeof FaultMatch>;

const FaultWhen = Type.Union([Type.Literal('before'), Type.Literal('after')], {
  description: 'before: the request is not handled; after: handled (and stored), then its answer replaced',
});

/** What every kind of fault takes. */
const faultCommon = {
  match: Type.Optional(FaultMatch),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'applies that many times, then is deleted' })),
  probability: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 1,
      description: 'the chance each match is faulted',
    }),
  ),
};

const FaultStatus = Type.Integer({ minimum: 400, maximum: 599 });
const FaultHeaders = Type.Record(Type.String(), Type.String(), { description: 'e.g. {"retry-after": "2"}' });

/** The body of `POST /sandbox/faults`, one shape per action. */
export const NewFault = Type.Union([
  Type.Object(
    {
      ...faultCommon,
      action: Type.Literal('status'),
      status: FaultStatus,
      body: Type.Optional(Type.Unknown({ description: "replaces the platform's default answer" })),
      headers: Type.Optional(FaultHeaders),
      when: Type.Optional(FaultWhen),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...faultCommon,
      action: Type.Literal('delay'),
      delayMs: Type.Integer({ minimum: 1, maximum: 60_000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...faultCommon, action: Type.Literal('drop'), when: Type.Optional(FaultWhen) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...faultCommon,
      action: Type.Literal('hang'),
      delayMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 300_000, default: 30_000 })),
    },
    { additionalProperties: false },
  ),
]);
export type NewFault = Static<typeof NewFault>;

/** A fault as the routes answer it: the fields given, defaults filled in, and its counters. */
export const Fault = Type.Object({
  id: Type.String(),
  match: FaultMatch,
  action: Type.Union([
    Type.Literal('status'),
    Type.Literal('delay'),
    Type.Literal('drop'),
    Type.Literal('hang'),
  ]),
  status: Type.Optional(FaultStatus),
  body: Type.Optional(Type.Unknown()),
  headers: Type.Optional(FaultHeaders),
  delayMs: Type.Optional(Type.Integer()),
  when: Type.Optional(FaultWhen),
  times: Type.Optional(Type.Integer()),
  probability: Type.Number(),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'times left, or null: until deleted' }),
  hits: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Fault = Static<typeof Fault>;

export const FaultList = Type.Object({ faults: Type.Array(Fault, { description: 'oldest first' }) });
export type FaultList = Static<typeof FaultList>;

/** A platform route, as the journal and the faults name it (`match.route`, the `route` filter). */
export const PlatformRoute = Type.Object({
  route: Type.String({ description: 'METHOD and path template, e.g. `POST /escrows/logis/{imp_uid}`' }),
  platform: Type.Union([Type.Literal('portone'), Type.Literal('coupang')]),
});
export type PlatformRoute = Static<typeof PlatformRoute>;

export const RouteList = Type.Object({
  routes: Type.Array(PlatformRoute, { description: 'by platform, then path, then method' }),
});
export type RouteList = Static<typeof RouteList>;

// ── §3 The clock ───────────────────────────────────────────────────────────────────────────

export const SandboxClock = Type.Object({
  now: Type.String({ format: 'date-time', description: "the sandbox's now (a tenant's, when one is named)" }),
  offsetMs: Type.Number({ description: 'how far it stands from real time (a tenant: its own offset)' }),
  frozen: Type.Boolean(),
});
export type SandboxClock = Static<typeof SandboxClock>;

/** The body of `POST /sandbox/clock`: an advance, a freeze, or both. */
export const ClockChange = Type.Object(
  {
    advanceSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 315_360_000 })),
    freeze: Type.Optional(Type.Boolean({ description: 'global only: not with merchant or vendor' })),
  },
  { additionalProperties: false },
);
export type ClockChange = Static<typeof ClockChange>;
