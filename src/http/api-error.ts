/**
 * A documented failure, thrown by any route, rule or store of any platform. The app's one error
 * handler renders it in the envelope of the platform that owns the request's path
 * (`http/errors.ts`), so a handler never builds an error body itself.
 */
export class ApiError extends Error {
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The message of the envelope, exactly as the platform documents it. */
    message: string,
    /** What an envelope carries beside the message, where one does (PortOne's `response`). */
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
