/**
 * The console's one way to baesong: `SandboxClient`, the same client a test suite uses. The
 * page keeps no data of its own; every view reads the sandbox API again.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { BaesongClientError, SandboxError } from '../../src/client/errors.js';
import { SandboxClient } from '../../src/client/sandbox.js';

/** A client for the server that served the page, with the admin token when there is one. */
export function clientFor(adminToken: string | undefined): SandboxClient {
  return new SandboxClient({ baseUrl: window.location.origin, adminToken, timeoutMs: 15_000 });
}

export interface Api {
  client: SandboxClient;
  /** The server refused the token (it changed, or was never given): back to the prompt. */
  unauthorized(): void;
}

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof SandboxError && err.status === 401;
}

/** One line for a person: the sandbox's own `error` message when it gave one. */
export function describeError(err: unknown): string {
  if (err instanceof SandboxError) {
    const body = err.body as { error?: unknown } | undefined;
    const message = typeof body?.error === 'string' ? body.error : err.message;
    return `${err.status}: ${message}`;
  }
  if (err instanceof BaesongClientError) return `baesong could not be reached: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
