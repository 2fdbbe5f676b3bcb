/**
 * Records the `/docs` examples: runs the story of `scenario.ts` against a fresh server and turns
 * what it answered into the table `src/http/recorded-examples.ts` holds, generated values renamed
 * as the README names them (`imp_123456789012`, `1234567890123456`, `A00012345`).
 */
import type { FastifyInstance } from 'fastify';
import type { ExampleTable, OperationExamples } from '../../src/http/examples.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { type Renames, runScenario, type Send } from './scenario.js';

/** The sandbox's admin token while recording: the examples show its 401s. */
export const ADMIN_TOKEN = 'examples-admin-token';

/** The merchant webhook URL the examples show, as the README's webhook section does. */
const WEBHOOK_URL = 'http://127.0.0.1:3000/portone/webhook';

/** Sends through the whole Fastify pipeline, answers as text. */
export function injector(app: FastifyInstance): Send {
  return async ({ method, url, headers, payload }) => {
    const answer = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: answer.statusCode, body: answer.body };
  };
}

/**
 * Ids above 2^53 (Coupang's `shipmentBoxId`) as doubles: `/openapi.json` is plain JSON, whose
 * numbers are doubles, so an example can show no other. Each id becomes the nearest double not
 * taken by another (sequential ids would all round to one), renamed everywhere, paths included,
 * so that the examples stay consistent with one another.
 */
function roundBigIds(texts: string[], renames: Renames): void {
  const ids = new Set<string>();
  for (const text of texts)
    for (const [, digits] of text.matchAll(/[:[,](\d{16,})(?=[,\]}])/g))
      if (!Number.isSafeInteger(Number(digits))) ids.add(digits as string);
  const taken = new Set<string>();
  for (const id of [...ids].sort()) {
    let double = Number(id);
    while (taken.has(String(double))) double += 2 ** (Math.floor(Math.log2(double)) - 52);
    taken.add(String(double));
    renames.set(id, String(double));
  }
}

function renamed(text: string, renames: Renames): string {
  let out = text;
  for (const [from, to] of renames) out = out.split(from).join(to);
  return out;
}

/** Runs the story on `app` (which must have `ADMIN_TOKEN`) and answers the example table. */
export async function recordExamples(app: FastifyInstance, nowMs: () => number): Promise<ExampleTable> {
  const receiver = await startReceiver();
  const webhookUrl = `${receiver.url}/portone/webhook`;
  try {
    const { recording, renames } = await runScenario(injector(app), {
      nowMs,
      webhookUrl,
      adminToken: ADMIN_TOKEN,
    });
    renames.set(webhookUrl, WEBHOOK_URL);
    roundBigIds(
      Object.values(recording).flatMap((op) => Object.values(op.responses)),
      renames,
    );
    const table: Record<string, OperationExamples> = {};
    for (const [operation, { request, responses }] of Object.entries(recording)) {
      const params = request.params && JSON.parse(renamed(JSON.stringify(request.params), renames));
      const query = request.query && JSON.parse(renamed(JSON.stringify(request.query), renames));
      table[operation] = {
        request: {
          ...(params ? { params } : {}),
          ...(query ? { query } : {}),
          ...(request.body === undefined ? {} : { body: JSON.parse(renamed(request.body, renames)) }),
        },
        responses: Object.fromEntries(
          Object.entries(responses).map(([status, text]) => [
            status,
            text === '' ? null : JSON.parse(renamed(text, renames)),
          ]),
        ),
      };
    }
    return table;
  } finally {
    await receiver.close();
  }
}
