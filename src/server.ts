import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from './clock.js';
import { type Config, checkConfig, defaultConfig } from './config.js';
import type { ServerContext } from './context.js';
import { coupang } from './coupang/index.js';
import { healthCheck } from './db/health.js';
import { type Database, databaseErrorReason, openDatabase } from './db/index.js';
import { installBodyHandling, MAX_BODY_BYTES } from './http/body.js';
import { serveConsole } from './http/console.js';
import { registerDocsPage } from './http/docs-page.js';
import {
  clientErrorAnswerer,
  connectAnswerer,
  frameworkErrorAnswerer,
  MAX_PARAM_LENGTH,
} from './http/client-errors.js';
import { ErrorEnvelopes, installErrorHandling } from './http/errors.js';
import { attachExamples } from './http/examples.js';
import { RECORDED_EXAMPLES } from './http/recorded-examples.js';
import { compileOnFirstUse } from './http/schema-compilers.js';
import { installShutdown } from './http/shutdown.js';
import type { ApiSlice } from './http/slice.js';
import { decorateTenant } from './http/tenant.js';
import { portone } from './portone/index.js';
import { WebhookSender } from './portone/webhooks/sender.js';
import { REFRESH_INTERVAL_MS, SandboxClock } from './sandbox/clock/store.js';
import { installControlPlane } from './sandbox/control/index.js';
import { sandbox } from './sandbox/index.js';

/** Every API baesong serves, in the order their routes and OpenAPI tags are registered (and /docs lists them). */
export const SLICES: readonly ApiSlice[] = [portone, coupang, sandbox];

export interface BuildOptions {
  config: Config;
  database: Database;
  /**
   * Real time, as the server sees it (default: the system's). The sandbox clock (`/sandbox/clock`)
   * is this moved by what the database keeps; tests hand in a ManualClock.
   */
  clock?: Clock;
  /** Connection limits; the defaults suit every deployment, tests shorten them. */
  httpLimits?: Partial<HttpLimits>;
  /**
   * When the routes' schemas compile: each on its route's first use (the default, for a quick
   * start), or all at start, as Fastify does by itself (a test checks that they all compile).
   */
  compileSchemas?: 'on-first-use' | 'at-start';
  /** The APIs to serve; all of them unless told otherwise. */
  slices?: readonly ApiSlice[];
  /** The built console's folder (default `dist/console/`, where `npm run build` writes it). */
  consoleRoot?: string;
}

/** How long a client may take: a slow or silent client cannot hold a connection. */
export interface HttpLimits {
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** A connection on which nothing moves is closed after this. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection between requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node checks connections against the two request timeouts (it checks no more often). */
  timeoutCheckIntervalMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Node's default is 30 s, which lets a request outlive its timeout by as much again.
  timeoutCheckIntervalMs: 1_000,
};

const VERSION = '0.1.0';

/** Where credentials could appear in a log line's objects (pino redaction paths). */
const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-imptokenheader"]',
  'headers.authorization',
  'headers["x-imptokenheader"]',
  '*.imp_secret',
  '*.secretKey',
  '*.access_token',
];

/** The Fastify app with every platform's routes, on an open database. */
export async function buildApp({
  config,
  database,
  clock = systemClock,
  httpLimits,
  compileSchemas = 'on-first-use',
  slices = SLICES,
  consoleRoot,
}: BuildOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...httpLimits };
  const envelopes = new ErrorEnvelopes(slices);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Credentials never reach a log line, whatever logs a request or an error: tokens, HMAC
      // signatures and admin tokens travel in these headers, keys and secrets in these fields.
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    },
    bodyLimit: MAX_BODY_BYTES,
    exposeHeadRoutes: false,
    // A slow client cannot hold a connection: headers and the whole request must arrive in time.
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Malformed HTTP, and paths the router cannot decode, answer in the platform's envelope
    // rather than with Fastify's own bodies (http/client-errors.ts).
    clientErrorHandler: clientErrorAnswerer(envelopes),
    frameworkErrors: frameworkErrorAnswerer(envelopes),
    // Long path values reach the routes, whose rules answer them (404, Invalid vendor ID).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // While closing, a request that still arrives on an open connection is served normally rather
    // than answered with Fastify's own 503 body: no framework error body ever reaches a client.
    return503OnClosing: false,
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        useDefaults: false,
        allErrors: false,
        // The schemas are TypeBox's, valid by construction: checking each against the JSON Schema
        // meta-schema compiled that meta-schema at every start, some 50 ms of it (bench/README.md).
        validateSchema: false,
      },
    },
    ...(compileSchemas === 'on-first-use'
      ? { schemaController: { compilersFactory: compileOnFirstUse() } }
      : {}),
  });
  app.server.on('connect', connectAnswerer(envelopes));
  // First of the close hooks: stopping answers what it took in, then ends (http/shutdown.ts).
  installShutdown(app, envelopes, config.shutdownTimeoutSeconds * 1000);
  const sandboxClock = await SandboxClock.open(clock, database);
  // One webhook sender per instance, running from ready to close (before the database closes).
  const webhooks = new WebhookSender(database, sandboxClock, config.webhookHosts, app.log);
  const ctx: ServerContext = {
    config,
    db: database.db,
    writes: database.writes,
    clock: sandboxClock,
    webhooks,
  };
  app.addHook('onReady', async () => webhooks.start());
  app.addHook('onClose', async () => webhooks.stop());
  // Other instances' changes to the clock are read while the app serves, from ready to close.
  app.addHook('onReady', async () =>
    sandboxClock.refreshEvery(REFRESH_INTERVAL_MS, (err) =>
      app.log.warn(`sandbox clock not refreshed: ${databaseErrorReason(err)} (keeping the last state)`),
    ),
  );
  app.addHook('onClose', async () => sandboxClock.stop());
  database.onConnectionError = (err) =>
    app.log.warn(`database connection lost: ${databaseErrorReason(err)} (reconnecting on the next query)`);

  installBodyHandling(app);
  decorateTenant(app, sandboxClock);
  // Before the routing hooks, so that requests answered 404 or 405 are journaled too.
  installControlPlane(app, ctx, slices);
  const routing = installErrorHandling(app, envelopes);
  // Before any route: each gains the examples /docs shows as it registers.
  attachExamples(app, RECORDED_EXAMPLES);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'baesong',
        version: VERSION,
        description:
          'A stateful sandbox of the PortOne (iamport) REST V1 delivery APIs and the Coupang Open API shipping-place APIs.',
      },
      tags: slices.flatMap((slice) => slice.tags),
      components: {
        securitySchemes: {
          portoneToken: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              'The access_token of POST /users/getToken, as `Authorization: <token>`, `Authorization: Bearer <token>` or `X-ImpTokenHeader: <token>`.',
          },
          coupangHmac: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              "Coupang's HMAC signature: `CEA algorithm=HmacSHA256, access-key=<accessKey>, signed-date=<yyMMdd'T'HHmmss'Z', UTC>, signature=<hex>`, " +
              'where signature is the lowercase hex HMAC-SHA256, keyed by the secret key, of signed-date + METHOD + path + query ' +
              '(the query string exactly as sent, without its `?`; the body is not signed). A signature is valid 5 minutes either side ' +
              'of the sandbox clock (`GET /sandbox/clock`; the vendor’s own when it has an offset). Keys come from `POST /sandbox/vendors`.',
          },
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'BAESONG_ADMIN_TOKEN, when the server has one.',
          },
        },
      },
    },
  });
  await registerDocsPage(app, consoleRoot);

  const schemaHealth = healthCheck(database);
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    let problem: string | undefined;
    try {
      problem = await schemaHealth();
    } catch (err) {
      problem = databaseErrorReason(err);
    }
    if (problem === undefined) return { status: 'ok' };
    return reply.code(503).send({ status: 'unavailable', error: problem });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await serveConsole(app, consoleRoot);

  for (const slice of slices) await app.register(async (scope) => slice.routes(scope, ctx));

  await app.after();
  routing.addMethodNotAllowedRoutes();
  return app;
}

export interface StartOptions extends Partial<Config> {
  /** Real time, as the server sees it (default: the system's); see `BuildOptions.clock`. */
  clock?: Clock;
  httpLimits?: Partial<HttpLimits>;
}

export interface RunningServer {
  /** `http://host:port` of the listening server. */
  url: string;
  port: number;
  app: FastifyInstance;
  database: Database;
  /**
   * Stops accepting, answers the requests in flight (503 for those still unanswered at the
   * shutdown deadline), closes the connections, then the database.
   */
  close(): Promise<void>;
}

/**
 * Starts a server in-process, for test suites that embed it:
 * `const s = await startServer({ port: 0, coupangRateLimit: 0 }); s.url; await s.close();`
 * Options left out take the defaults (not the environment), but for two: the database is an
 * in-memory SQLite unless `databaseUrl` names one, so that an embedding project finds no
 * `./data/baesong.sqlite` written into it, and the log level is `warn`.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { clock, httpLimits, ...overrides } = options;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config = checkConfig({ ...defaultConfig, databaseUrl: ':memory:', logLevel: 'warn', ...defined });
  return startWithConfig(config, clock, httpLimits);
}

export async function startWithConfig(
  config: Config,
  clock?: Clock,
  httpLimits?: Partial<HttpLimits>,
): Promise<RunningServer> {
  const database = await openDatabase(config.databaseUrl);
  let app: FastifyInstance;
  try {
    app = await buildApp({
      config,
      database,
      ...(clock ? { clock } : {}),
      ...(httpLimits ? { httpLimits } : {}),
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    database,
    close: () => {
      closing ??= (async () => {
        await app.stopAccepting();
        await app.close();
        await database.close();
      })();
      return closing;
    },
  };
}
