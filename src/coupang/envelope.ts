import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** The API gateway's error body: authentication, rate limit, unknown routes. */
export interface GatewayError {
  code: 'ERROR';
  message: string;
  transactionId: string;
}

export function gatewayError(message: string): GatewayError {
  return { code: 'ERROR', message, transactionId: randomUUID() };
}

/** The shipping-place APIs' envelope; `code` is the HTTP status, as a JSON number. */
export interface PlaceEnvelope<T> {
  code: number;
  message: string;
  data: T;
}

export function placeSuccess<T>(data: T): PlaceEnvelope<T> {
  return { code: 200, message: 'SUCCESS', data };
}

export function placeFailure(status: number, message: string): PlaceEnvelope<null> {
  return { code: status, message, data: null };
}

/** A documented shipping-place failure: the HTTP status and the message of the envelope. */
export class PlaceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a route's work, answering a PlaceError in the shipping-place envelope; anything else goes to the error handler. */
export async function answeringPlaceErrors(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PlaceError) return reply.code(err.status).send(placeFailure(err.status, err.message));
    throw err;
  }
}
