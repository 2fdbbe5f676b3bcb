/**
 * How a server stops (README, Configuration; docs/decisions.md, Server and HTTP): it stops
 * listening, answers every request it has taken in, each with `Connection: close`, closes each
 * connection once nothing more can come on it, and at the shutdown deadline answers what is left
 * 503 in its platform's envelope and closes the rest, so that stopping always ends.
 *
 * Node's own `server.close()` does neither. It closes every connection that is idle at that
 * instant: a keep-alive client whose next request is already on its way, or already in the
 * socket's buffer but not yet parsed, has that request cut unanswered. And it stops the checks of
 * the header and request timeouts, so a client trickling a body keeps a stopping server forever.
 */
import { STATUS_CODES, Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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

/**
 * Installs the shutdown on `app`'s server. Call before any other `preClose` hook, so that the
 * listener closes, and answers say `Connection: close`, before anything else that stopping does.
 */
export function installShutdown(app: FastifyInstance, envelopes: ErrorEnvelopes, deadlineMs: number): void {
  const server = app.server;
  const sockets = new Set<Socket>();
  /** Responses not yet finished, with their request: the deadline answers those not yet begun. */
  const unfinished = new Set<ServerResponse>();
  let stopping = false;

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

  app.addHook('preClose', (done) => {
    stopping = true;
    // An answer begun before the stop keeps its connection: the idle sweep below closes it.
    for (const response of unfinished) {
      if (!response.headersSent) response.setHeader('connection', 'close');
    }
    // Node's close() would close the idle connections at once (see above): instead they get the
    // linger to show a request already sent, and a connection that finishes a keep-alive answer
    // from now on is closed after as long.
    server.closeIdleConnections = () => {};
    server.keepAliveTimeout = IDLE_LINGER_MS;
    const sweep = setTimeout(() => Server.prototype.closeIdleConnections.call(server), IDLE_LINGER_MS);
    const deadline = setTimeout(() => {
      app.log.warn(
        `shutdown deadline reached: answering 503 to what is unanswered and closing ${sockets.size} connection(s)`,
      );
      const last = endWhatIsLeft(sockets, unfinished, envelopes);
      last.unref();
      server.once('close', () => clearTimeout(last));
    }, deadlineMs);
    sweep.unref();
    deadline.unref();
    // Fastify closes the server again after the hooks; that call ends once every connection has.
    server.once('close', () => {
      clearTimeout(sweep);
      clearTimeout(deadline);
    });
    server.close();
    done();
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
