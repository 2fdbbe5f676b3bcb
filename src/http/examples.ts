/**
 * The example request and answers of every operation in `/openapi.json`, which `/docs` shows and
 * fills its "Try it out" forms with. They are recorded from real answers (`npm run examples`,
 * into `recorded-examples.ts`) and attached here, in one place, rather than written into each
 * route's schema: a route keeps its schemas as they are, and gains its examples as it registers.
 */
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** One operation's examples, as the server answered them. */
export interface OperationExamples {
  request: {
    /** Path parameters by name. */
    params?: Record<string, string>;
    /** Query parameters by name (an array for a repeated one, `imp_uid[]`), typed as their schemas. */
    query?: Record<string, string | number | string[]>;
    body?: unknown;
  };
  /** The answer of each status, by status. */
  responses: Record<string, unknown>;
}

/** Examples by operation, named `METHOD /path/{param}` as in `/openapi.json`. */
export type ExampleTable = Readonly<Record<string, OperationExamples>>;

/** `METHOD /path/{param}`: how `/openapi.json` (and the request journal) names a Fastify route. */
function operationName(method: string, url: string): string {
  return `${method} ${url.replace(/:([A-Za-z0-9_]+)(\([^/]*\))?/g, '{$1}')}`;
}

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * JSON Schema's `examples`, which @fastify/swagger renders where OpenAPI 3 wants them: on a body
 * or an answer as the media type's `example`, on a parameter's property as the parameter's
 * `example`. Schemas are copied, never changed: routes share them.
 */
function withExample(schema: unknown, example: unknown): Schema {
  return { ...(schema as Schema), examples: [example] };
}

function withPropertyExamples(schema: unknown, values: Record<string, unknown>): Schema {
  const object = schema as Schema;
  const properties = { ...object.properties };
  for (const [name, value] of Object.entries(values)) {
    const property = properties[name];
    if (property) properties[name] = withExample(property, value);
  }
  return { ...object, properties };
}

function schemaWithExamples(schema: FastifySchema, examples: OperationExamples): FastifySchema {
  const { params, query, body } = examples.request;
  const response = schema.response ? { ...(schema.response as Record<string, unknown>) } : undefined;
  for (const [status, answer] of Object.entries(examples.responses)) {
    if (response?.[status]) response[status] = withExample(response[status], answer);
  }
  return {
    ...schema,
    ...(params && schema.params ? { params: withPropertyExamples(schema.params, params) } : {}),
    ...(query && schema.querystring ? { querystring: withPropertyExamples(schema.querystring, query) } : {}),
    ...(body !== undefined && schema.body ? { body: withExample(schema.body, body) } : {}),
    ...(response ? { response } : {}),
  };
}

/** Gives each route registered from now on the examples of its operation, when it has some. */
export function attachExamples(app: FastifyInstance, table: ExampleTable): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.schema || typeof route.method !== 'string') return;
    const examples = table[operationName(route.method, route.url)];
    if (examples) route.schema = schemaWithExamples(route.schema, examples);
  });
}
