/**
 * How a request body is read and judged, in one place:
 *
 * 1. Parsing never fails on content. The parsers below turn a body that cannot be used
 *    (malformed JSON, a media type no parser takes, text with U+0000) into an `UnreadableBody`,
 *    so that routing (404, 405) and authentication (401) answer first, as the platforms do.
 * 2. A route names the formats it takes in `config.bodyTypes` (JSON alone when unset).
 * 3. Once authentication has run, `refuseUnusableBodies` answers 400 with `bodyProblem`'s message.
 * 4. A route whose documented order of checks puts the body later (PortOne escrow checks the
 *    payment first; Coupang places check the path's vendorId first) sets
 *    `config.reportsBodyProblems`, and hands `bodyProblem(request)` to its rules, which word
 *    the problem as their platform documents it, at the step their order puts it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { containsUnstorableText } from '../db/text.js';
import { ApiError } from './api-error.js';

/** The body formats a route may take. */
type BodyType = 'json' | 'form';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Body formats the route takes; JSON alone when unset. */
    bodyTypes?: BodyType[];
    /**
     * The route reports an unreadable body itself, at the point its documented
     * order of checks puts it (PortOne escrow checks the payment first).
     */
    reportsBodyProblems?: boolean;
  }
  interface FastifyRequest {
    /**
     * The body as it arrived, before parsing (text for JSON and forms, bytes otherwise), or null
     * when there was none: the request journal records what was sent.
     */
    rawBody: string | Buffer | null;
  }
}

/**
 * A body that arrived but cannot be used: malformed JSON, or a content type no parser takes.
 * Parsers hand it on instead of failing, so that routing, authentication and the
 * route's own earlier checks all answer first.
 */
export class UnreadableBody {
  constructor(
    readonly kind: BodyProblem['kind'],
    /** What is wrong, in words naming the problem. */
    readonly detail: string,
  ) {}
}

/**
 * Why a body cannot be used: it is malformed, of a media type the route does not take, or carries
 * text no engine can store (U+0000, `db/text.ts`).
 */
export interface BodyProblem {
  kind: 'malformed' | 'media-type' | 'unstorable';
  message: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Text with U+0000 cannot be stored on every engine (`db/text.ts`): such a body is malformed. */
export const NUL_IN_BODY = 'malformed body: text may not contain the NUL character (U+0000)';

const MEDIA_TYPES: Record<BodyType, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Installs the parsers (step 1) and the refusal of unusable bodies (step 3). */
export function installBodyHandling(app: FastifyInstance): void {
  installBodyParsers(app);
  refuseUnusableBodies(app);
}

/**
 * Refuses an unusable body once the route's authentication has run (a preValidation hook runs
 * after every onRequest hook), unless the route reports it itself (step 4).
 */
function refuseUnusableBodies(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.reportsBodyProblems) return;
    const problem = bodyProblem(request);
    if (problem) throw new ApiError(400, problem.message);
  });
}

/**
 * The body parsers every route shares: JSON, forms, and a catch-all that turns any other
 * content type into an UnreadableBody. An empty body is no body, whatever its Content-Type says.
 */
function installBodyParsers(app: FastifyInstance): void {
  app.decorateRequest('rawBody', null);
  app.removeAllContentTypeParsers();
  // Fastify's own JSON parser, which removes __proto__ and constructor.prototype keys.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    request.rawBody = body as string;
    parseJson(request, body as string, (err, value) => done(null, judgedJson(err, value)));
  });
  app.addContentTypeParser(MEDIA_TYPES.form, { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    request.rawBody = body as string;
    const fields: Record<string, string> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body as string)) {
      // A repeated field keeps its first value: these APIs take flat, single-valued forms.
      if (!(key in fields)) fields[key] = value;
    }
    if (containsUnstorableText(fields)) return done(null, new UnreadableBody('unstorable', NUL_IN_BODY));
    done(null, fields);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    request.rawBody = body as Buffer;
    done(null, new UnreadableBody('media-type', describeContentType(request)));
  });
}

/** A parsed JSON body, or why it cannot be used. */
function judgedJson(err: Error | null, value: unknown): unknown {
  if (err) return new UnreadableBody('malformed', `malformed JSON body: ${err.message}`);
  if (containsUnstorableText(value)) return new UnreadableBody('unstorable', NUL_IN_BODY);
  return value;
}

/**
 * Parses the JSON bodies of the routes of `scope` (a plugin's own) with `parse` instead of the
 * shared parser: for routes whose numbers must keep every digit (Coupang's 18-digit ids). The
 * rest of the protocol holds as for every route.
 */
export function useJsonParser(scope: FastifyInstance, parse: (text: string) => unknown): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    request.rawBody = body as string;
    let value: unknown;
    try {
      value = parse(body as string);
    } catch (err) {
      // A syntax error, or nesting deeper than the parser's stack.
      return done(null, judgedJson(err instanceof Error ? err : new Error(String(err)), undefined));
    }
    done(null, judgedJson(null, value));
  });
}

function describeContentType(request: FastifyRequest): string {
  const type = mediaType(request);
  return type === '' ? '(none)' : type;
}

/**
 * What is wrong with the request's body for this route, or null when it is usable
 * (or absent: whether a body is required is the route's own rule).
 */
export function bodyProblem(request: FastifyRequest): BodyProblem | null {
  const body = request.body;
  if (body === undefined) return null;
  const accepted = request.routeOptions.config.bodyTypes ?? ['json'];
  if (body instanceof UnreadableBody) {
    if (body.kind !== 'media-type') return { kind: body.kind, message: body.detail };
    return mediaTypeProblem(body.detail, accepted);
  }
  const type = mediaType(request);
  const kind = (Object.keys(MEDIA_TYPES) as BodyType[]).find((k) => MEDIA_TYPES[k] === type);
  if (kind && !accepted.includes(kind)) return mediaTypeProblem(type, accepted);
  return null;
}

function mediaTypeProblem(type: string, accepted: BodyType[]): BodyProblem {
  const wanted = accepted.map((k) => MEDIA_TYPES[k]).join(' or ');
  return { kind: 'media-type', message: `Content-Type ${type} is not accepted here; send ${wanted}` };
}
