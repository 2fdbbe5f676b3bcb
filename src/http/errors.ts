import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { isForeignKeyViolation } from '../db/index.js';
import { databaseErrorReason, isDatabaseUnavailable } from '../db/unavailable.js';
import { ApiError } from './api-error.js';
import { type Platform, platformOf } from './platform.js';
import type { ApiSlice } from './slice.js';

/**
 * Renders a failure in a platform's envelope. `request` is the Fastify request when there is one
 * (Coupang answers in another envelope once its gateway has let a request through), undefined for
 * malformed HTTP that never became a request.
 */
export type ErrorRenderer = (request: FastifyRequest | undefined, error: ApiError) => unknown;

/** baesong's own routes (`/healthz`, `/openapi.json`, `/docs`) answer `{"error": message}`. */
const ownEnvelope: ErrorRenderer = (_request, error) => ({ error: error.message });

/**
 * One app's error envelopes: each platform hands its renderer to `buildApp`, which builds one of
 * these, so two apps in one process never share a renderer.
 */
export class ErrorEnvelopes {
  private readonly renderers = new Map<Platform, ErrorRenderer>();
  private readonly goneAnswers = new Map<Platform, ApiSlice['parentGone']>();

  /** Paths of a platform no slice serves answer in baesong's own envelope. */
  constructor(slices: readonly Pick<ApiSlice, 'platform' | 'renderError' | 'parentGone'>[]) {
    for (const slice of slices) {
      this.renderers.set(slice.platform, slice.renderError);
      this.goneAnswers.set(slice.platform, slice.parentGone);
    }
  }

  /**
   * The failure a client sees for `error`: a write refused by a foreign key is a parent deleted
   * under the request (the reset, a tenant's deletion), answered by its platform as that
   * (`ApiSlice.parentGone`); anything else as `toApiError` says.
   */
  failureOf(request: FastifyRequest, error: FastifyError | Error): ApiError {
    const gone = isForeignKeyViolation(error) ? this.goneAnswers.get(platformOf(request.url)) : undefined;
    return gone ? gone(request) : toApiError(error);
  }

  /** The body of `error` in the envelope of the platform that owns `url`. */
  render(url: string, request: FastifyRequest | undefined, error: ApiError): unknown {
    return (this.renderers.get(platformOf(url)) ?? ownEnvelope)(request, error);
  }

  send(request: FastifyRequest, reply: FastifyReply, error: ApiError) {
    return reply.code(error.status).send(this.render(request.url, request, error));
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that only answer 405 for methods a path does not serve. */
    methodNotAllowed?: boolean;
    /** On those routes: the methods the path does serve, for the 405's `Allow` header. */
    allow?: string;
  }
}

const NOT_FOUND = 'Not Found';
const METHOD_NOT_ALLOWED = 'Method Not Allowed';
const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

/**
 * Routing answers before anything else: an unknown path is 404 and a known path with
 * another method 405, each in its platform's envelope, before authentication and before
 * the body is read. Every error thrown later, an `ApiError` or not, is answered by the one error
 * handler installed here. Call before registering any route.
 */
export function installErrorHandling(
  app: FastifyInstance,
  envelopes: ErrorEnvelopes,
): { addMethodNotAllowedRoutes(): void } {
  const methodsByUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config?.methodNotAllowed) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const m of methods) known.add(m.toUpperCase());
    methodsByUrl.set(route.url, known);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) throw new ApiError(404, NOT_FOUND);
    const { methodNotAllowed, allow } = request.routeOptions.config;
    if (methodNotAllowed) {
      if (allow) reply.header('allow', allow);
      throw new ApiError(405, METHOD_NOT_ALLOWED);
    }
  });

  app.setNotFoundHandler((request, reply) => envelopes.send(request, reply, new ApiError(404, NOT_FOUND)));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = envelopes.failureOf(request, error);
    if (failure.status === 503) request.log.warn(failure.message);
    else if (failure.status >= 500 && !(error instanceof ApiError)) {
      request.log.error({ err: error }, 'request failed');
    }
    return envelopes.send(request, reply, failure);
  });

  return {
    /** Registers the 405 answers; call once every real route is registered. */
    addMethodNotAllowedRoutes() {
      for (const [url, known] of methodsByUrl) {
        const others = ALL_METHODS.filter((m) => !known.has(m));
        if (others.length === 0) continue;
        app.route({
          method: others,
          url,
          config: { methodNotAllowed: true, allow: [...known].sort().join(', ') },
          schema: { hide: true },
          handler: async () => {
            throw new ApiError(405, METHOD_NOT_ALLOWED);
          },
        });
      }
    },
  };
}

/** Any error as the failure a client should see; never a stack trace. */
export function toApiError(error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'request body is larger than the 1 MiB limit');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'Content-Length does not match the body');
    case 'FST_ERR_VALIDATION':
      return new ApiError(400, fe.message);
  }
  // The database is down, out of reach or busy: the client may retry, and the server recovers by itself.
  if (isDatabaseUnavailable(error)) {
    return new ApiError(503, `database unavailable: ${databaseErrorReason(error)}`);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError(fe.statusCode, fe.message);
  }
  return new ApiError(500, 'Internal Server Error');
}
