import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fetch that records every request it sends (method, path, status), for counting calls. */
export function recordingFetch() {
  const calls: Array<{ method: string; path: string; status: number }> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, status: res.status });
    return res;
  };
  return {
    fetch: fetchFn,
    calls,
    count: (path: string) => calls.filter((c) => c.path === path).length,
  };
}

export interface StubServer {
  url: string;
  /** `METHOD /path` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A tiny local HTTP server answering as `handler` says: for timeouts, retries and odd answers. */
export async function stubServer(
  handler: (req: IncomingMessage, res: ServerResponse, index: number) => void,
): Promise<StubServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    handler(req, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a PortOne envelope. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export const TOKEN_OK = {
  code: 0,
  message: null,
  response: { access_token: 'a'.repeat(40), now: 1_800_000_000, expired_at: 1_800_001_800 },
};
