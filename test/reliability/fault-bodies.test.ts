/**
 * `POST /sandbox/faults` with random bodies: kept from the fuzz of every route (a fault changes how
 * every later request is answered), fuzzed here one fault at a time. Every answer is a 201 with the
 * fault as stored, or a 400 `{error}` whose message names the field (or the body step's own
 * message); a refused fault stores nothing. A stored `status` fault is then put to work on a
 * platform request, whose answer must be sendable: the fault's status and JSON, or the route's own.
 * `FUZZ_SEED=<n>` replays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayment, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';
import { hostileValue, mutate, mutationArb, toJsonText } from './generators.js';
import { JSON_CONTENT_TYPE } from './invariants.js';

const SEED = Number(process.env.FUZZ_SEED) || (Math.random() * 2 ** 31) >>> 0;
const RUNS = Number(process.env.FUZZ_RUNS) || 200;
console.log(`fault bodies seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);

const FIELDS = ['match', 'action', 'status', 'body', 'headers', 'delayMs', 'when', 'times', 'probability'];

/** A 400's message names the field it refuses, or is the shared body step's. */
function namesAField(message: string): boolean {
  if (/^malformed (JSON )?body/.test(message)) return true;
  if (/ is not a field of a fault$/.test(message)) return true;
  const first = message.split(/[ .]/)[0] ?? '';
  return FIELDS.includes(first);
}

const ROUTE = 'GET /payments/{imp_uid}';

/** Stands for JSON nested `n` deep, written into the text (JSON.stringify could not write it). */
const DEEP = (n: number) => `__DEEP_${n}__`;

function faultBodyArb(impKey: string): fc.Arbitrary<unknown> {
  const headerText = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('2', 'Wed, 21 Oct 2026 07:28:00 GMT', 'ÿ', '\t', '', 'x'.repeat(300)),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
    { weight: 1, arbitrary: fc.constantFrom('점검 중', 'a\r\nb', '\u007f', '\u0000', '🚚') },
  );
  const headerName = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('retry-after', 'X-Reason', 'content-type', 'set-cookie') },
    { weight: 1, arbitrary: fc.constantFrom('Content-Length', 'transfer-encoding', 'a b', '', '점검') },
  );
  const match = fc.dictionary(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('platform', 'method', 'route', 'path', 'merchant', 'vendor') },
      { weight: 1, arbitrary: fc.constantFrom('colour', '', 'constructor') },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('portone', 'coupang', 'get', ROUTE, impKey) },
      { weight: 1, arbitrary: hostileValue },
    ),
    { maxKeys: 2 },
  );
  const faultBody = fc.oneof(
    { weight: 4, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 1_001, 100_000).map(DEEP) },
  );
  const common = {
    match,
    times: fc.integer({ min: 1, max: 1e9 }),
    probability: fc.oneof(fc.constant(1), fc.double({ min: 5e-324, max: 1, noNaN: true })),
  };
  const when = fc.constantFrom('before', 'after');
  // Faults the checks should take, in their four shapes, fields given or not.
  const valid = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          ...common,
          action: fc.constant('status'),
          status: fc.integer({ min: 400, max: 599 }),
          body: faultBody,
          headers: fc.dictionary(headerName, headerText, { maxKeys: 3 }),
          when,
        },
        { requiredKeys: ['action', 'status'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        { ...common, action: fc.constant('delay'), delayMs: fc.integer({ min: 1, max: 60_000 }) },
        { requiredKeys: ['action', 'delayMs'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record({ ...common, action: fc.constant('drop'), when }, { requiredKeys: ['action'] }),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        { ...common, action: fc.constant('hang'), delayMs: fc.integer({ min: 1, max: 300_000 }) },
        { requiredKeys: ['action'] },
      ),
    },
  );
  // One field set to a value out of its range, of another type, or one the action does not take.
  const wrong = fc.record({
    field: fc.constantFrom(...FIELDS, 'extra'),
    value: fc.oneof(
      {
        weight: 2,
        arbitrary: fc.constantFrom<unknown>(
          0,
          -1,
          1.5,
          399,
          600,
          60_001,
          300_001,
          1e9 + 1,
          1.0000001,
          '500',
          'later',
          'explode',
          null,
          [],
          {},
        ),
      },
      { weight: 1, arbitrary: hostileValue },
    ),
  });
  const broken = fc.tuple(valid, fc.array(wrong, { minLength: 1, maxLength: 2 })).map(([fault, changes]) => {
    const out: Record<string, unknown> = { ...fault };
    for (const c of changes) out[c.field] = c.value;
    return out;
  });
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 3, arbitrary: broken },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.array(mutationArb, { minLength: 1, maxLength: 2 }))
        .map(([b, ms]) => ms.filter((m) => m.op !== 'big').reduce(mutate, b)),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** The JSON text of a generated body: the merchant's key and deep nesting written in. */
function bodyText(generated: unknown, impKey: string): string {
  return toJsonText(generated)
    .split('"__IMP_KEY__"')
    .join(JSON.stringify(impKey))
    .replace(/"__DEEP_(\d+)__"/g, (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

describe.each(engines)('POST /sandbox/faults with random bodies ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let auth: Record<string, string>;
  let impKey: string;
  let impUid: string;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    const signed = await signedIn(t);
    auth = signed.auth;
    impKey = signed.merchant.imp_key;
    impUid = (await createPayment(t, signed.merchant)).imp_uid;
  });
  afterAll(() => t.close());

  it(
    `answers 201 or a 400 naming the field; a refused fault stores nothing (seed ${SEED})`,
    {
      timeout: 120_000,
    },
    async () => {
      const property = fc.asyncProperty(faultBodyArb('__IMP_KEY__'), async (generated) => {
        const payload = bodyText(generated, impKey);
        const res = await t.request({
          method: 'POST',
          url: '/sandbox/faults',
          payload,
          headers: { 'content-type': 'application/json' },
        });
        const context = `body ${payload.slice(0, 300)} → ${res.status} ${res.raw.body.slice(0, 300)}`;
        expect(res.headers['content-type'], context).toBe(JSON_CONTENT_TYPE);
        const stored = (await t.request({ method: 'GET', url: '/sandbox/faults' })).body.faults as {
          id: string;
          action: string;
          status?: number;
          headers?: Record<string, string>;
        }[];
        try {
          if (res.status === 400) {
            expect(Object.keys(res.body), context).toEqual(['error']);
            expect(namesAField(res.body.error), context).toBe(true);
            expect(stored, context).toEqual([]);
            return;
          }
          expect(res.status, context).toBe(201);
          expect(stored, context).toEqual([res.body]);
          const fault = stored[0]!;
          if (fault.action !== 'status') return;
          // The fault at work: its answer (or the route's own, when it does not match) can be sent.
          const answer = await t.request({ method: 'GET', url: `/payments/${impUid}`, headers: auth });
          const shaped = `${context}; faulted answer ${answer.status} ${answer.raw.body.slice(0, 200)}`;
          expect([200, fault.status], shaped).toContain(answer.status);
          if (fault.headers?.['content-type'] === undefined) {
            expect(answer.headers['content-type'], shaped).toBe(JSON_CONTENT_TYPE);
          }
          expect(() => JSON.parse(answer.raw.body), shaped).not.toThrow();
        } finally {
          await t.request({ method: 'DELETE', url: '/sandbox/faults' });
        }
      });
      await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
    },
  );
});
