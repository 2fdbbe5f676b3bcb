import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { gatewayError } from '../coupang/envelope.js';
import { databaseErrorReason, isDatabaseUnavailable } from '../db/unavailable.js';
import { failure } from '../portone/envelope.js';
import { bodyProblem } from './body.js';
import { type Platform, platformOf } from './platform.js';

/**
 * Renders an error body in the envelope of the platform that owns the request's path.
 * A platform plugin may narrow this for its own requests (Coupang answers body problems
 * in the shipping-place envelope once a request has passed its gateway).
 */
export type ErrorRenderer = (request: FastifyRequest, status: number, message: string) => unknown;

const renderers: Record<Platform, ErrorRenderer> = {
  portone: (_request, _status, message) => failure(message),
  coupang: (_request, _status, message) => gatewayError(message),
  sandbox: (_request, _status, message) => ({ error: message }),
  baesong: (_request, _status, message) => ({ error: message }),
};

export function setErrorRenderer(platform: Platform, renderer: ErrorRenderer): void {
  renderers[platform] = renderer;
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send(renderers[platformOf(request.url)](request, status, message));
}

/**
 * The error body of a platform for a request that never became a Fastify request (malformed
 * HTTP): nothing is authenticated, so Coupang answers in its gateway's envelope.
 */
export function renderError(platform: Platform, status: number, message: string): unknown {
  const unauthenticated = { url: '/', coupangVendor: null } as unknown as FastifyRequest;
  return renderers[platform](unauthenticated, status, message);
}

/** An error whose status and message are meant for the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that only answer 405 for methods a path does not serve. */
    methodNotAllowed?: boolean;
  }
}

const NOT_FOUND = 'Not Found';
const METHOD_NOT_ALLOWED = 'Method Not Allowed';
const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Routing answers before anything else: an unknown path is 404 and a known path with
 * another method 405, each in its platform's envelope, before authentication and before
 * the body is read. Call before registering any route.
 */
export function installRoutingErrors(app: FastifyInstance): { addMethodNotAllowedRoutes(): void } {
  const methodsByUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config?.methodNotAllowed) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const m of methods) known.add(m.toUpperCase());
    methodsByUrl.set(route.url, known);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return sendError(request, reply, 404, NOT_FOUND);
    if (request.routeOptions.config.methodNotAllowed)
      return sendError(request, reply, 405, METHOD_NOT_ALLOWED);
  });

  // Refuse unusable bodies once the route's authentication has run, unless the route
  // reports them itself at its own point in its order of checks.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.reportsBodyProblems) return;
    const problem = bodyProblem(request);
    if (problem) return sendError(request, reply, 400, problem.message);
  });

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, NOT_FOUND));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, message } = describeError(error);
    if (status === 503) request.log.warn(message);
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, status, message);
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
          config: { methodNotAllowed: true },
          schema: { hide: true },
          handler: async (request, reply) => sendError(request, reply, 405, METHOD_NOT_ALLOWED),
        });
      }
    },
  };
}

/** Maps any error to the status and message a client should see; never a stack trace. */
export function describeError(error: FastifyError | HttpError | Error): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'request body is larger than the 1 MiB limit' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: 'Content-Length does not match the body' };
    case 'FST_ERR_VALIDATION':
      return { status: 400, message: fe.message };
  }
  // The database is down, out of reach or busy: the client may retry, and the server recovers by itself.
  if (isDatabaseUnavailable(error)) {
    return { status: 503, message: `database unavailable: ${databaseErrorReason(error)}` };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, message: fe.message };
  }
  return { status: 500, message: 'Internal Server Error' };
}
