/**
 * How a server stops (README, Configuration; docs/decisions.md, Server and HTTP): it takes in the
 * connections already waiting to be accepted, stops listening, answers every request it has
 * taken in, each with `Connection: close`, closes each connection once nothing more can come on
 * it, and at the shutdown deadline answers what is left 503 in its platform's envelope and closes
 * the rest, so that stopping always ends.
 *
 * Node does none of this by itself, and each gap cuts a request its client has sent:
 * - It accepts one connection per turn of its event loop: under load, connections wait in the
 *   kernel's queue, their requests sent, and closing the listener resets them.
 * - `server.close()` closes every connection idle at that instant: a keep-alive client whose next
 *   request is already on its way, or in the socket's buffer but not yet parsed, loses it.
 * - After `close()` it no longer checks the header and request timeouts, so a client trickling a
 *   body keeps a stopping server forever.
 */
import { STATUS_CODES, Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.js';
import type { ErrorEnvelopes } from './errors.js';

/**
 * How long a connection may stay idle while the server stops before it is closed. A client
 * sending without pause has its next request on the way well within it; one idle longer is a
 * connection kept in a pool, which the client replaces when it finds it closed.
 */
const IDLE_LINGER_MS = 1_000;

/** After the deadline's 503s, how long a client that does not read its answer keeps its connection. */
const LAST_WRITE_MS = 1_000;

const SHUTTING_DOWN = 'the server is shutting down';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Accepts the connections already waiting, then closes the listener; `close()` then does the
     * rest. Call it before `close()`, which alone closes the listener at once.
     */
    stopAccepting(): Promise<void>;
  }
}

/**
 * Installs the shutdown on `app`'s server. Call before any other `preClose` hook, so that the
 * listener is closed, and answers say `Connection: close`, before anything else that stopping does.
 */
export function installShutdown(app: FastifyInstance, envelopes: ErrorEnvelopes, deadlineMs: number): void {
  const server = app.server;
  const sockets = new Set<Socket>();
  /** Responses not yet finished: the deadline answers those not yet begun. */
  const unfinished = new Set<ServerResponse>();
  let stopping = false;
  let deadline: NodeJS.Timeout | undefined;
  let deadlineAt = Infinity;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // First among the request listeners, so that the header is there before anything answers.
  server.prependListener('request', (_request, response: ServerResponse) => {
    unfinished.add(response);
    response.once('close', () => unfinished.delete(response));
    if (stopping) response.setHeader('connection', 'close');
  });

  /** The clock of the whole stop starts at its first step. */
  function startDeadline() {
    if (deadline) return;
    deadlineAt = Date.now() + deadlineMs;
    deadline = setTimeout(() => {
      app.log.warn(
        `shutdown deadline reached: answering 503 to what is unanswered and closing ${sockets.size} connection(s)`,
      );
      const last = endWhatIsLeft(sockets, unfinished, envelopes);
      last.unref();
      server.once('close', () => clearTimeout(last));
    }, deadlineMs);
    deadline.unref();
    server.once('close', () => clearTimeout(deadline));
  }

  function closeListener() {
    if (stopping) return;
    stopping = true;
    // An answer begun before the stop keeps its connection: the idle sweep below closes it.
    for (const response of unfinished) {
      if (!response.headersSent) response.setHeader('connection', 'close');
    }
    // Node's close() would close the idle connections at once: instead they get the linger to
    // show a request already sent, and a connection that finishes a keep-alive answer from now
    // on is closed after as long.
    server.closeIdleConnections = () => {};
    server.keepAliveTimeout = IDLE_LINGER_MS;
    const sweep = setTimeout(() => Server.prototype.closeIdleConnections.call(server), IDLE_LINGER_MS);
    sweep.unref();
    server.once('close', () => clearTimeout(sweep));
    // Fastify closes the server again after the hooks; that call ends once every connection has.
    server.close();
  }

  app.decorate('stopAccepting', async () => {
    startDeadline();
    if (server.listening && !stopping) {
      await acceptWaitingConnections(server, Math.max(0, deadlineAt - Date.now()));
    }
    closeListener();
  });

  app.addHook('preClose', (done) => {
    startDeadline();
    closeListener();
    done();
  });
}

/**
 * Resolves once every connection the kernel had completed when it was called has been accepted:
 * the queue is first in, first out, so once a connection of our own made now is accepted, all
 * those before it are (or once `timeoutMs` has passed, or the connection failed).
 */
function acceptWaitingConnections(server: Server, timeoutMs: number): Promise<void> {
  const address = server.address();
  if (address === null || typeof address === 'string') return Promise.resolve();
  // A server listening on every address is reached through the loopback one of its family.
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return new Promise((resolve) => {
    const probe = connect({ host, port: address.port });
    const onConnection = (socket: Socket) => {
      if (socket.remotePort !== probe.localPort || socket.remoteAddress !== probe.localAddress) return;
      socket.destroy();
      finish();
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    function finish() {
      clearTimeout(timer);
      server.off('connection', onConnection);
      probe.destroy();
      resolve();
    }
    server.on('connection', onConnection);
    probe.once('error', finish);
  });
}

/**
 * The deadline: each request whose answer has not begun gets the 503 (its connection closed once
 * it is written), every other connection is closed now, and any still open a moment later too.
 * Returns the timer of that last sweep.
 */
function endWhatIsLeft(
  sockets: Set<Socket>,
  unfinished: Set<ServerResponse>,
  envelopes: ErrorEnvelopes,
): NodeJS.Timeout {
  const answering = new Set<Socket>();
  for (const response of unfinished) {
    const socket = response.socket;
    // A pipelined request's answer waits for the one before it: its connection closes with it.
    if (response.headersSent || socket === null || answering.has(socket)) continue;
    answering.add(socket);
    const failure = new ApiError(503, SHUTTING_DOWN);
    const body = JSON.stringify(envelopes.render(response.req.url ?? '/', undefined, failure));
    response.writeHead(503, STATUS_CODES[503], {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    response.end(response.req.method === 'HEAD' ? undefined : body, () => socket.destroy());
  }
  for (const socket of sockets) if (!answering.has(socket)) socket.destroy();
  return setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, LAST_WRITE_MS);
}
