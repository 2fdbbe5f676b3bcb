import { type StringOptions, Type } from '@sinclair/typebox';

/**
 * For routes whose bodies are checked by the platform's own rules (to answer with the
 * documented messages, in the documented order): the TypeBox schema still documents the
 * route in OpenAPI, but Fastify does not validate or coerce with it.
 */
export const documentOnly = () => () => true;

/**
 * A string the platform names a set of values for, and still accepts others of (a PG provider, a
 * courier code): the schema stays a plain string, while the type lists the known values for
 * editors to suggest, and `(string & {})` keeps any other string assignable.
 */
export function KnownString<const T extends readonly string[]>(known: T, options: StringOptions = {}) {
  const description = [options.description, `known values: ${known.join(', ')}`].filter(Boolean).join('; ');
  return Type.Unsafe<T[number] | (string & {})>(Type.String({ ...options, description }));
}
