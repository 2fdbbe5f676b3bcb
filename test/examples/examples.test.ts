import AjvCompiler from '@fastify/ajv-compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_EXAMPLES } from '../../src/http/recorded-examples.js';
import { engines, type TestApp, testApp } from '../support/server.js';
import { ADMIN_TOKEN, recordExamples } from './record.js';

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
}
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Json;
  example?: unknown;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}

/** Every operation of the document, as `METHOD /path`. */
function operationsOf(doc: { paths: Record<string, Record<string, Operation>> }): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

/** Ajv as Fastify builds it, but checking only: no coercion, defaults or removal; `example` keywords ignored. */
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const compile = (
  AjvCompiler() as unknown as (
    external: unknown,
    options: unknown,
  ) => (route: { schema: unknown }) => Validate
)(
  {},
  {
    customOptions: {
      coerceTypes: false,
      removeAdditional: false,
      useDefaults: false,
      allErrors: true,
      strict: false,
    },
  },
);

function problem(schema: Json | undefined, example: unknown): string | undefined {
  if (!schema) return 'no schema';
  const validate = compile({ schema: structuredClone(schema) });
  return validate(structuredClone(example)) ? undefined : JSON.stringify(validate.errors);
}

describe('the examples of /openapi.json', () => {
  let t: TestApp;
  let operations: [string, Operation][];
  beforeAll(async () => {
    t = await testApp();
    operations = operationsOf((await t.request({ method: 'GET', url: '/openapi.json' })).body);
  });
  afterAll(() => t.close());

  it('give every operation an example request, and an answer of its success and of a failure', () => {
    expect(operations.length).toBeGreaterThan(90);
    const missing: string[] = [];
    for (const [name, op] of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        if (media.example === undefined) missing.push(`${name}: body (${type})`);
      for (const parameter of op.parameters ?? [])
        if (parameter.required && parameter.example === undefined)
          missing.push(`${name}: ${parameter.in} parameter ${parameter.name}`);
      const answered = Object.entries(op.responses)
        .filter(([, response]) => response.content?.['application/json']?.example !== undefined)
        .map(([status]) => status);
      if (!answered.some((status) => status.startsWith('2'))) missing.push(`${name}: a success answer`);
      if (!answered.some((status) => !status.startsWith('2'))) missing.push(`${name}: a failure answer`);
    }
    expect(missing).toEqual([]);
  });

  it("hold each example to its body's, parameter's or answer's schema", () => {
    const wrong: string[] = [];
    let checked = 0;
    const check = (where: string, schema: Json | undefined, example: unknown) => {
      if (example === undefined) return;
      checked++;
      const why = problem(schema, example);
      if (why) wrong.push(`${where}: ${why}`);
    };
    for (const [name, op] of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        check(`${name} body (${type})`, media.schema, media.example);
      for (const parameter of op.parameters ?? [])
        check(`${name} ${parameter.in} ${parameter.name}`, parameter.schema, parameter.example);
      for (const [status, response] of Object.entries(op.responses))
        for (const media of Object.values(response.content ?? {}))
          check(`${name} ${status}`, media.schema, media.example);
    }
    expect(checked).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
  });

  it('never answer a status the operation does not declare', () => {
    const undeclared = operations.flatMap(([name, op]) =>
      Object.keys(RECORDED_EXAMPLES[name]?.responses ?? {})
        .filter((status) => !(status in op.responses))
        .map((status) => `${name} ${status}`),
    );
    expect(undeclared).toEqual([]);
  });
});

/**
 * Values that differ from one run to the next (random keys and tokens, durations, the
 * sender's timing): compared by their type only.
 */
const VOLATILE = new Set([
  'merchant_id',
  'imp_secret',
  'access_token',
  'pg_tid',
  'cancellation_id',
  'accessKey',
  'secretKey',
  'transactionId',
  'responseKey',
  'durationMs',
  'vbank_num',
  // A listing's cursor: it carries the last id of its page.
  'next',
]);

function masked(value: unknown, key = ''): unknown {
  if (VOLATILE.has(key)) return `<${typeof value}>`;
  if (Array.isArray(value)) return value.map((item) => masked(item));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  return value;
}

describe.each(engines)('the recorded examples ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ adminToken: ADMIN_TOKEN, coupangRateLimit: 0 }, databaseUrl);
  });
  afterAll(() => t.close());

  it('are what a fresh server answers today, request for request (npm run examples writes them)', async () => {
    const fresh = await recordExamples(t.app, () => t.clock.nowMs());
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(RECORDED_EXAMPLES).sort());
    for (const [name, examples] of Object.entries(fresh)) {
      expect.soft(masked(examples), name).toEqual(masked(RECORDED_EXAMPLES[name]));
    }
  }, 120_000);
});
