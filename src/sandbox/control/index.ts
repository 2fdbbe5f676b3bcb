/**
 * The sandbox control plane's place in the request lifecycle (README, Testing the hard cases):
 * root hooks installed once by `buildApp`, so no route carries code of its own for it.
 *
 * - `onRequest` (before routing answers 404/405): a platform request's arrival is noted.
 * - `preHandler` (after routing, authentication and the body): a fault may answer, drop or hold it.
 * - `onSend` (the answer is known): a fault may delay, replace or drop it; the entry is recorded
 *   in the journal's memory before the client has the answer.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { UnreadableBody } from '../../http/body.js';
import { platformOf } from '../../http/platform.js';
import type { ApiSlice } from '../../http/slice.js';
import type { PlatformRoute } from '../control-schemas.js';
import { recordedHeaders, recordedRequestBody, recordedResponseBody } from './entry.js';
import { type CachedFault, Faults, type FaultSpec } from './faults.js';
import { Journal } from './journal.js';

export interface ControlPlane {
  journal: Journal;
  faults: Faults;
  /** Drops what is held in memory (buffered entries, cached faults): call before emptying the tables. */
  reset(): Promise<void>;
  /** Reads the faults again: call after changing them. */
  refresh(): Promise<void>;
  /** Every platform route served, as requests' `route` names it: what a fault or a filter can match. */
  routes(): PlatformRoute[];
}

/** What the control plane keeps of a platform request while it is served. */
interface RequestState {
  atMs: number;
  started: number;
  platform: 'portone' | 'coupang';
  slice: ApiSlice;
  route: string | null;
  fault: CachedFault | null;
  /** The fault has acted (answered, dropped, held): the answer is recorded as it goes. */
  faultDone: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    controlPlane: ControlPlane;
  }
  interface FastifyRequest {
    controlState: RequestState | null;
  }
}

/** Paths that are never journaled nor faulted, besides `/sandbox`, `/healthz`, `/openapi.json` and `/docs`. */
function isConsole(path: string): boolean {
  return path === '/console' || path.startsWith('/console/');
}

/** `/a/{b}` of `METHOD /a/{b}`. */
function pathOf(route: string): string {
  return route.slice(route.indexOf(' ') + 1);
}

function splitTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  // A request target in absolute form is routed by its path.
  const target = url.startsWith('/') ? url : url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const at = target === url ? q : target.indexOf('?');
  return at === -1 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}

function isJsonType(value: unknown): boolean {
  return typeof value === 'string' && value.trimStart().toLowerCase().startsWith('application/json');
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Installs the journal and the faults on `app`. Call once, before any route and before the
 * routing hooks of `http/errors.ts`, so that requests answered 404 or 405 are journaled too.
 */
export function installControlPlane(
  app: FastifyInstance,
  ctx: AppContext,
  slices: readonly ApiSlice[],
): ControlPlane {
  const journal = new Journal(ctx, app.log);
  const faults = new Faults(ctx, app.log);
  const plane: ControlPlane = {
    journal,
    faults,
    async reset() {
      faults.clear();
      await journal.reset();
    },
    refresh: () => faults.refresh(),
    routes: () =>
      [...served.values()].sort(
        (a, b) =>
          a.platform.localeCompare(b.platform) ||
          pathOf(a.route).localeCompare(pathOf(b.route)) ||
          a.route.localeCompare(b.route),
      ),
  };
  const sliceOf = new Map(slices.map((s) => [s.platform as string, s]));
  const routes = new Map<string, string>();
  const served = new Map<string, PlatformRoute>();
  /** Connections a fault holds open, and delays under way: shutdown ends both at once. */
  const held = new Map<Socket, NodeJS.Timeout>();
  const waits = new Set<() => void>();

  function routeName(method: string, url: string, slice: ApiSlice): string {
    // `:id(^\d+$)` is `{id}`: a parameter's pattern is no part of the route's name.
    const template = (slice.canonicalRoute?.(url) ?? url).replace(/:([A-Za-z0-9_]+)(\([^/]*\))?/g, '{$1}');
    return `${method} ${template}`;
  }

  function routeOf(request: FastifyRequest, slice: ApiSlice): string | null {
    const url = request.routeOptions.url;
    if (request.is404 || request.routeOptions.config.methodNotAllowed || url === undefined) return null;
    const key = `${request.method} ${url}`;
    let route = routes.get(key);
    if (route === undefined) {
      route = routeName(request.method, url, slice);
      routes.set(key, route);
    }
    return route;
  }

  // The platform routes as they are registered (aliases under the route they stand for), for
  // `GET /sandbox/routes`: the console's fault form and journal filter choose among them.
  app.addHook('onRoute', (options) => {
    const platform = platformOf(options.url);
    const slice = sliceOf.get(platform);
    if ((platform !== 'portone' && platform !== 'coupang') || !slice) return;
    if ((options.config as { methodNotAllowed?: boolean } | undefined)?.methodNotAllowed) return;
    for (const method of [options.method].flat()) {
      if (method === 'HEAD') continue;
      const route = routeName(method, options.url, slice);
      served.set(route, { route, platform });
    }
  });

  function record(
    request: FastifyRequest,
    reply: FastifyReply,
    state: RequestState,
    payload: unknown,
    answered: boolean,
  ) {
    if (!journal.enabled) return;
    const { path, query } = splitTarget(request.url);
    const tenant = request.tenant;
    journal.record({
      at_ms: state.atMs,
      platform: state.platform,
      method: request.method,
      path,
      query,
      route: state.route,
      merchant: tenant !== null && 'merchant' in tenant ? tenant.merchant : null,
      vendor: tenant !== null && 'vendor' in tenant ? tenant.vendor : null,
      status: answered ? reply.statusCode : null,
      fault: state.fault === null ? null : String(state.fault.id),
      duration_ms: Math.round((performance.now() - state.started) * 1000) / 1000,
      request_headers: recordedHeaders(request.headers),
      request_body: recordedRequestBody(
        request.rawBody,
        request.body,
        !(request.body instanceof UnreadableBody),
        isJsonType(request.headers['content-type']),
        state.route,
      ),
      response_body: answered
        ? recordedResponseBody(payload, isJsonType(reply.getHeader('content-type')), state.route)
        : null,
    });
  }

  /** A `status` fault's answer: its body, or the platform's envelope with the reason phrase. */
  function faultAnswer(reply: FastifyReply, state: RequestState, spec: FaultSpec): string {
    const status = spec.status ?? 500;
    reply.code(status);
    reply.header('content-type', JSON_TYPE);
    for (const [name, value] of Object.entries(spec.headers ?? {})) reply.header(name, value);
    const body =
      spec.body !== undefined
        ? spec.body
        : (state.slice.renderFault?.(status, STATUS_CODES[status] ?? 'Error') ?? {
            error: STATUS_CODES[status],
          });
    return JSON.stringify(body);
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        waits.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      waits.add(end);
    });
  }

  /** Closes the connection without an answer, now or after `ms`. */
  function cut(request: FastifyRequest, reply: FastifyReply, ms = 0) {
    reply.hijack();
    const socket = request.raw.socket as Socket | null;
    if (!socket) return;
    if (ms === 0) {
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), ms);
    held.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      held.delete(socket);
    });
  }

  app.decorate('controlPlane', plane);
  app.decorateRequest('controlState', null);

  app.addHook('onReady', async () => {
    // A database out of reach at start is read again a second later, as it is every second.
    await faults
      .refresh()
      .catch((err: unknown) => app.log.warn({ err }, 'faults: could not read the faults'));
    faults.start();
  });
  app.addHook('preClose', (done) => {
    for (const [socket, timer] of held) {
      clearTimeout(timer);
      socket.destroy();
    }
    held.clear();
    for (const end of [...waits]) end();
    done();
  });
  app.addHook('onClose', async () => {
    faults.stop();
    await journal.flush();
  });

  app.addHook('onRequest', (request, _reply, done) => {
    if (journal.enabled || faults.active) {
      const platform = platformOf(request.url);
      if ((platform === 'portone' || platform === 'coupang') && !isConsole(splitTarget(request.url).path)) {
        const slice = sliceOf.get(platform);
        if (slice) {
          request.controlState = {
            atMs: ctx.clock.nowMs(),
            started: performance.now(),
            platform,
            slice,
            route: routeOf(request, slice),
            fault: null,
            faultDone: false,
          };
        }
      }
    }
    done();
  });

  // Routing, authentication (the token guard, the gateway, getToken's key check) and the body
  // checks have run: a request they refused is never faulted.
  app.addHook('preHandler', (request, reply, done) => {
    const state = request.controlState;
    if (state === null || !faults.active) {
      done();
      return;
    }
    faults
      .decide({
        platform: state.platform,
        method: request.method,
        route: state.route,
        path: splitTarget(request.url).path,
        tenant: request.tenant,
      })
      .then(
        (fault) => {
          if (fault === null) return done();
          state.fault = fault;
          const { spec } = fault;
          if (spec.action === 'status' && spec.when === 'before') {
            // Answered here, the route never runs: `done` is not called.
            state.faultDone = true;
            reply.send(faultAnswer(reply, state, spec));
            return;
          }
          if ((spec.action === 'drop' && spec.when === 'before') || spec.action === 'hang') {
            state.faultDone = true;
            record(request, reply, state, undefined, false);
            cut(request, reply, spec.action === 'hang' ? (spec.delayMs ?? 0) : 0);
            return;
          }
          done();
        },
        (err: unknown) => done(err as Error),
      );
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const state = request.controlState;
    if (state === null) return done(null, payload);
    const fault = state.fault;
    if (fault === null || state.faultDone) {
      record(request, reply, state, payload, true);
      return done(null, payload);
    }
    state.faultDone = true;
    const { spec } = fault;
    if (spec.action === 'delay') {
      // The route has run and committed; only the answer waits.
      void wait(spec.delayMs ?? 0).then(() => {
        record(request, reply, state, payload, true);
        done(null, payload);
      });
      return;
    }
    if (spec.action === 'status') {
      const answer = faultAnswer(reply, state, spec);
      record(request, reply, state, answer, true);
      return done(null, answer);
    }
    // drop, after: the route has run, its answer is never sent.
    record(request, reply, state, undefined, false);
    (request.raw.socket as Socket | null)?.destroy();
    done(null, payload);
  });

  return plane;
}
