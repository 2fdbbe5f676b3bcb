/**
 * Answers for requests that never become a Fastify request (malformed HTTP, timeouts, oversized
 * headers) or that fail in Fastify's router before any hook runs (an undecodable path). Fastify's
 * defaults answer these with its own JSON body (`{"error","message","statusCode"}`, even echoing
 * the path back): no framework body may reach a client (README, Errors).
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import type { ErrorEnvelopes } from './errors.js';

/** Node's parse errors carry the bytes it could not parse; the request line names the path. */
interface ClientError extends Error {
  code?: string;
  rawPacket?: unknown;
}

/**
 * The method and target of the request line at the start of a raw packet, when there is one;
 * otherwise no method and the target `/` (PortOne's envelope, as for any unknown path).
 */
function requestLineOf(rawPacket: unknown): { method: string | undefined; target: string } {
  if (!Buffer.isBuffer(rawPacket)) return { method: undefined, target: '/' };
  const line = rawPacket.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '';
  const [method, target] = line.split(' ');
  if (!target?.startsWith('/')) return { method: undefined, target: '/' };
  return { method, target };
}

/** The status and message for a connection-level failure, as Node reports it. */
function describeClientError(err: ClientError): { status: number; message: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, message: 'the request did not arrive in time' };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, message: 'the request headers are too large' };
  }
  return { status: 400, message: 'malformed HTTP request' };
}

/**
 * Fastify's `clientErrorHandler`: a minimal HTTP answer in the envelope of the platform the
 * request line names (PortOne's when it names none, as for every unknown path), then the
 * connection is closed, since the rest of its bytes cannot be trusted. Nothing is written to a
 * socket already gone.
 */
export function clientErrorAnswerer(envelopes: ErrorEnvelopes) {
  return (err: ClientError, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, message } = describeClientError(err);
    const { method, target } = requestLineOf(err.rawPacket);
    answerAndClose(socket, envelopes, method, target, new ApiError(status, message));
  };
}

/** A minimal answer in the envelope of `target`'s platform, then the connection closed. */
function answerAndClose(
  socket: Socket,
  envelopes: ErrorEnvelopes,
  method: string | undefined,
  target: string,
  failure: ApiError,
): void {
  const body = JSON.stringify(envelopes.render(target, undefined, failure));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        // The answer to a HEAD request has no body (RFC 9110): a client would read it as garbage.
        (method === 'HEAD' ? '' : body),
    );
  }
  socket.destroy();
}

/**
 * CONNECT (a proxy's tunnel) never reaches Fastify: Node hands it to the server's `connect`
 * listeners, and with none it drops the connection without a word. baesong is no proxy: 405,
 * in the envelope of the target when it is a path, and the connection closed.
 */
export function connectAnswerer(envelopes: ErrorEnvelopes) {
  return (request: IncomingMessage, socket: Socket): void => {
    if (socket.destroyed) return;
    const target = request.url?.startsWith('/') ? request.url : '/';
    answerAndClose(socket, envelopes, request.method, target, new ApiError(405, 'Method Not Allowed'));
  };
}

/**
 * Fastify's `frameworkErrors`: the router could not decode the path (`%ZZ`) or a path parameter
 * is longer than `maxParamLength`. Answered 400 in the path's platform envelope, like any other
 * malformed request, without echoing the path.
 */
export function frameworkErrorAnswerer(envelopes: ErrorEnvelopes) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'a path segment is too long'
        : 'the path is not valid percent-encoding';
    return envelopes.send(request, reply, new ApiError(400, message));
  };
}

/** The path segment limit: longer than any URL Node accepts (16 KiB of headers), so the route's own rules judge long values. */
export const MAX_PARAM_LENGTH = 16 * 1024;
