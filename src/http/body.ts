/**
 * How a request body is read and judged, in one place:
 *
 * 1. Parsing never fails on content. The parsers below turn a body that cannot be used
 *    (malformed JSON, JSON past the limits of `json-scan.ts`, a media type no parser takes, text
 *    no engine stores alike: `db/text.ts`) into an `UnreadableBody`, so that routing (404, 405)
 *    and authentication (401) answer first, as the platforms do. Authentication never needs the
 *    body (PortOne's token and Coupang's HMAC are headers, checked in `onRequest` hooks, which
 *    run before any parser), so a request refused there is never parsed; getToken, whose
 *    credentials are the body, is bounded by the scan's limits.
 * 2. A route names the formats it takes in `config.bodyTypes` (JSON alone when unset).
 * 3. Once authentication has run, `refuseUnusableBodies` answers 400 with `bodyProblem`'s message.
 * 4. A route whose documented order of checks puts the body later (PortOne escrow checks the
 *    payment first; Coupang places check the path's vendorId first) sets
 *    `config.reportsBodyProblems`, and hands `bodyProblem(request)` to its rules, which word
 *    the problem as their platform documents it, at the step their order puts it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UNSTORABLE_TEXT, unstorableText } from '../db/text.js';
import { ApiError } from './api-error.js';
import { scanJson } from './json-scan.js';

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
    /** For `limit` and `unstorable`: `BodyProblem.reason`. */
    readonly reason?: string,
  ) {}
}

/**
 * Why a body cannot be used: it is malformed, past the limits of what a body may hold
 * (`json-scan.ts`), of a media type the route does not take, or carries text no engine stores
 * alike (`db/text.ts`). `message` is the answer's.
 */
export type BodyProblem =
  | { kind: 'malformed' | 'media-type'; message: string }
  | {
      kind: 'limit' | 'unstorable';
      /** `malformed JSON body: <reason>` or `malformed body: <reason>`. */
      message: string;
      /**
       * What is wrong, for routes that word the problem their own way: the limit, or the text rule
       * broken and the field (`text may not contain the NUL character (U+0000) (at logis.invoice)`).
       */
      reason: string;
    };

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A body whose text no engine stores alike (`db/text.ts`) is malformed; `reason` names the rule and
 * the field (`json-scan.ts` words it for JSON).
 */
function unstorableBody(reason: string): UnreadableBody {
  return new UnreadableBody('unstorable', `malformed body: ${reason}`, reason);
}

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
    const refused = scannedJson(body as string);
    if (refused) return done(null, refused);
    parseJson(request, body as string, (err, value) => done(null, err ? malformedJson(err) : value));
  });
  app.addContentTypeParser(MEDIA_TYPES.form, { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    request.rawBody = body as string;
    const fields: Record<string, string> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body as string)) {
      const inKey = unstorableText(key);
      if (inKey) return done(null, unstorableBody(`${UNSTORABLE_TEXT[inKey]} (at a key of the body)`));
      const inValue = unstorableText(value);
      if (inValue) return done(null, unstorableBody(`${UNSTORABLE_TEXT[inValue]} (at ${key})`));
      // A repeated field keeps its first value: these APIs take flat, single-valued forms.
      if (!(key in fields)) fields[key] = value;
    }
    done(null, fields);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    request.rawBody = body as Buffer;
    done(null, new UnreadableBody('media-type', describeContentType(request)));
  });
}

/** Why a JSON body's text may not be parsed (`json-scan.ts`), or null when it may. */
function scannedJson(text: string): UnreadableBody | null {
  const problem = scanJson(text);
  if (problem === null) return null;
  if (problem.kind === 'limit') {
    return new UnreadableBody('limit', `malformed JSON body: ${problem.message}`, problem.message);
  }
  return unstorableBody(problem.reason);
}

function malformedJson(err: Error): UnreadableBody {
  return new UnreadableBody('malformed', `malformed JSON body: ${err.message}`);
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
    const refused = scannedJson(body as string);
    if (refused) return done(null, refused);
    let value: unknown;
    try {
      value = parse(body as string);
    } catch (err) {
      return done(null, malformedJson(err instanceof Error ? err : new Error(String(err))));
    }
    done(null, value);
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
    if (body.kind === 'limit' || body.kind === 'unstorable') {
      return { kind: body.kind, message: body.detail, reason: body.reason ?? '' };
    }
    if (body.kind === 'malformed') return { kind: body.kind, message: body.detail };
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
