import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stub received it. */
export interface Recorded {
  method: string;
  path: string;
  /** The query's parameters, each name once (the last value). */
  query: Record<string, string>;
  /** The parsed JSON body, or undefined when none came. */
  body: unknown;
  headers: IncomingMessage['headers'];
}

export interface Answer {
  status?: number;
  body?: unknown;
}

export interface ControlStub {
  url: string;
  recorded: Recorded[];
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for the sandbox's control routes: it records every request
 * (method, path, query, body, headers) and answers with what `answer` gives, as JSON.
 */
export async function controlStub(
  answer: (req: Recorded, index: number) => Answer | Promise<Answer>,
): Promise<ControlStub> {
  const recorded: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const entry: Recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text === '' ? undefined : JSON.parse(text),
      headers: req.headers,
    };
    recorded.push(entry);
    const { status = 200, body } = await answer(entry, recorded.length - 1);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A journal entry as the journal routes show one. */
export function journalEntry(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    at: '2026-12-04T09:15:02.123Z',
    platform: 'portone',
    method: 'POST',
    path: '/escrows/logis/imp_123456789012',
    query: '',
    route: 'POST /escrows/logis/{imp_uid}',
    tenant: { merchant: 'imp_key_of_the_merchant' },
    request: { headers: { 'content-type': 'application/json' }, body: { sender: {} } },
    response: { status: 200, body: { code: 0, message: null, response: {} } },
    durationMs: 1.7,
    fault: null,
    ...overrides,
  };
}

/** A fault as the fault routes answer one. */
export function faultAnswer(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    match: { route: 'POST /escrows/logis/{imp_uid}' },
    action: 'status',
    status: 500,
    when: 'after',
    times: 1,
    probability: 1,
    remaining: 1,
    hits: 0,
    createdAt: '2026-12-04T09:15:02.123Z',
    ...overrides,
  };
}
