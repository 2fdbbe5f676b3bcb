import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** What Fastify hands a schema compiler for one part of one route. */
interface RouteSchema {
  schema: unknown;
  method: string;
  url: string;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}

/** A validation function as Ajv compiles it: its result, then `errors` on itself. */
type Validate = ((data: unknown, context?: unknown) => unknown) & Record<string, unknown>;
type Serialize = (data: unknown) => string;

/** Fastify's compiler factories as it calls them (their published types describe Ajv's own `compile`). */
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => F;

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses, with the
 * same options and shared schemas), each compiling a route's schema when the route first needs
 * it rather than at start. Compiling every route's validators and serializers was about a fifth
 * of a start (bench/README.md); a route now pays for its own, once, on its first request. The
 * functions compiled are Fastify's, so every rule and every answer stays as it was.
 *
 * `buildApp` compiles at start instead when asked (`compileSchemas: 'at-start'`): a test does,
 * so that a schema that cannot compile still fails a start, not only the request that needs it.
 */
export function compileOnFirstUse(): CompilersFactory {
  const validators = AjvCompiler() as unknown as Factory<Validate>;
  const serializers = SerializerSelector() as unknown as Factory<Serialize>;
  const buildValidator: Factory<Validate> = (externalSchemas, options) => {
    const compile = validators(externalSchemas, options);
    return (route) => {
      // Fastify lowercases the names in a headers schema for its own compiler, not for another:
      // baesong has none, and one added later must not be read with other names unnoticed.
      if (route.httpPart === 'headers') throw new Error('headers schemas are not supported');
      return onFirstCall(() => compile(route));
    };
  };
  const buildSerializer: Factory<Serialize> = (externalSchemas, options) => {
    const compile = serializers(externalSchemas, options);
    return (route) => {
      let serialize: Serialize | undefined;
      return (data) => (serialize ??= compile(route))(data);
    };
  };
  return { buildValidator, buildSerializer } as unknown as CompilersFactory;
}

/**
 * A validation function that compiles itself when first called or asked about. Fastify reads the
 * compiled function's `schemaEnv` before each call and its `errors` after a failed one: both are
 * the compiled function's own.
 */
function onFirstCall(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const get = () => (compiled ??= compile());
  const validate = function (this: unknown, data: unknown, context?: unknown) {
    return get().call(this, data, context);
  } as Validate;
  for (const name of ['errors', 'schemaEnv', 'schema']) {
    Object.defineProperty(validate, name, {
      get: () => get()[name],
      set: (value: unknown) => {
        get()[name] = value;
      },
    });
  }
  return validate;
}
