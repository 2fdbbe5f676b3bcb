/**
 * What every answer must be, whatever was asked: a status the spec lists for the route, the
 * platform's envelope, `Content-Type: application/json; charset=utf-8`, and no 500 the spec does
 * not document.
 */
import { platformOf } from '../../src/http/platform.js';
import type { FuzzCase } from './generators.js';
import { allowedStatuses } from './routes.js';
import type { Answer } from './world.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysAre(v: Obj, keys: string[]): boolean {
  const own = Object.keys(v).sort();
  return own.length === keys.length && [...keys].sort().every((k, i) => own[i] === k);
}

function isPortOneEnvelope(body: unknown, status: number): string | null {
  if (!isObject(body) || !keysAre(body, ['code', 'message', 'response']))
    return 'not {code,message,response}';
  // A business refusal (a cancel refused, a prepare repeated) is a 200 with code 1, a message and
  // no response (portone-payments.md).
  if (status === 200 && body.code === 1) {
    return typeof body.message === 'string' && body.message !== '' && body.response === null
      ? null
      : 'a 200 refusal (code 1) without a message, or with a response';
  }
  // Several payments, some not found: 207 with code 0 (portone-payments.md).
  if (status === 200 || status === 207) {
    return body.code === 0 && body.message === null ? null : `a ${status} without code 0 and message null`;
  }
  if (body.code !== -1) return 'a failure with code other than -1';
  return typeof body.message === 'string' && body.message !== '' ? null : 'a failure without a message';
}

function isGatewayError(body: unknown): boolean {
  return (
    isObject(body) &&
    keysAre(body, ['code', 'message', 'transactionId']) &&
    body.code === 'ERROR' &&
    typeof body.message === 'string' &&
    typeof body.transactionId === 'string'
  );
}

function isPlaceFailure(body: unknown, status: number): boolean {
  return (
    isObject(body) &&
    keysAre(body, ['code', 'message', 'data']) &&
    body.code === status &&
    typeof body.message === 'string' &&
    body.message !== '' &&
    body.data === null
  );
}

/** The order routes' success: `{code:200,message:"OK",data}`, lists with `nextToken`; seller cancel its own. */
function orderSuccessProblem(body: unknown, path: string): string | null {
  if (/\/orders\/[^/]+\/cancel$/.test(path)) {
    return isObject(body) &&
      keysAre(body, ['code', 'message', 'data']) &&
      (body.code === 'SUCCESS' || body.code === 'PARTIAL')
      ? null
      : 'a seller cancel that is not {code:SUCCESS|PARTIAL,message,data}';
  }
  const list = /\/vendors\/[^/]*\/(ordersheets|returnRequests)$/.test(path);
  return isObject(body) &&
    keysAre(body, list ? ['code', 'message', 'data', 'nextToken'] : ['code', 'message', 'data']) &&
    body.code === 200 &&
    body.message === 'OK'
    ? null
    : `an order success that is not {code:200,message:"OK",data${list ? ',nextToken' : ''}}`;
}

const ORDER_PATH = /\/(ordersheets|returnRequests|orders\/(invoices|updateInvoices|[^/]+\/cancel))(\/|$)/;

function coupangProblem(body: unknown, status: number, path: string): string | null {
  if (status === 200 && ORDER_PATH.test(path)) return orderSuccessProblem(body, path);
  if (status === 200) {
    if (/\/shipping-place\/outbound$/.test(path)) {
      return isObject(body) &&
        keysAre(body, ['content', 'pagination']) &&
        Array.isArray(body.content) &&
        isObject(body.pagination)
        ? null
        : 'a query answer that is not {content, pagination}';
    }
    return isObject(body) &&
      keysAre(body, ['code', 'message', 'data']) &&
      body.code === 200 &&
      body.message === 'SUCCESS'
      ? null
      : 'a success that is not {code:200,message:"SUCCESS",data}';
  }
  // The gateway answers before authentication, the shipping-place APIs after it.
  if ([401, 404, 405, 429].includes(status)) return isGatewayError(body) ? null : 'not the gateway envelope';
  return isGatewayError(body) || isPlaceFailure(body, status)
    ? null
    : 'neither the gateway nor the shipping-place envelope';
}

/** The keys of each sandbox success, by `METHOD path`. */
const SANDBOX_SUCCESS: [RegExp, string[]][] = [
  [/^POST \/sandbox\/merchants$/, ['merchant_id', 'name', 'imp_key', 'imp_secret']],
  [/^GET \/sandbox\/merchants$/, ['merchants']],
  [/^POST \/sandbox\/vendors$/, ['vendorId', 'accessKey', 'secretKey', 'userIds', 'contracts']],
  [/^GET \/sandbox\/vendors$/, ['vendors']],
  [/^DELETE \/sandbox\/(merchants|vendors)\/[^/]+$/, ['deleted']],
  [/^GET \/sandbox\/payments$/, ['payments', 'next']],
  [/^GET \/sandbox\/vendors\/[^/]+\/(outbound-places|return-centers)$/, ['content', 'next']],
  [/^GET \/sandbox\/vendors\/[^/]+\/orders$/, ['orders', 'next']],
  [/^GET \/sandbox\/vendors\/[^/]+\/receipts$/, ['receipts', 'next']],
  [/^GET \/sandbox\/payments\/[^/]+\/deliveries$/, ['escrow', 'paymentwall']],
  [/^POST \/sandbox\/reset$/, ['reset']],
  [/^GET \/sandbox\/webhooks$/, ['webhooks', 'next']],
  [/^(PUT|GET) \/sandbox\/merchants\/[^/]+\/webhook$/, ['url', 'contentType', 'retry', 'timeouts']],
  [/^DELETE \/sandbox\/merchants\/[^/]+\/webhook$/, ['deleted']],
];

function sandboxProblem(body: unknown, status: number, method: string, path: string): string | null {
  if (status >= 400) {
    return isObject(body) && keysAre(body, ['error']) && typeof body.error === 'string' && body.error !== ''
      ? null
      : 'not {error}';
  }
  if (!isObject(body)) return 'a success that is not an object';
  if (method === 'POST' && path === '/sandbox/payments')
    return typeof body.imp_uid === 'string' ? null : 'a payment without imp_uid';
  const shape = SANDBOX_SUCCESS.find(([re]) => re.test(`${method} ${path}`));
  return !shape || keysAre(body, shape[1]) ? null : `a success that is not {${shape?.[1].join(',')}}`;
}

function baesongProblem(body: unknown, status: number, path: string): string | null {
  if (status >= 400) return isObject(body) && keysAre(body, ['error']) ? null : 'not {error}';
  if (path === '/healthz') return isObject(body) && body.status === 'ok' ? null : 'health not ok';
  if (path === '/openapi.json')
    return isObject(body) && typeof body.openapi === 'string' ? null : 'not an OpenAPI document';
  return null;
}

/** The problems with one answer; empty when it keeps every invariant. */
export function answerProblems(c: FuzzCase, answer: Answer, options: { rateLimited: boolean }): string[] {
  const problems: string[] = [];
  const allowed = allowedStatuses(c.route, {
    ...options,
    bigBody: c.bigBody,
    bigHead: c.bigHead,
    bentRoute: c.bentRoute,
  });
  const head = c.exchange.method === 'HEAD';
  const contentType = answer.headers['content-type'];
  if (contentType !== JSON_CONTENT_TYPE) problems.push(`Content-Type ${String(contentType)}`);
  let body: unknown;
  if (!head) {
    try {
      body = JSON.parse(answer.body);
    } catch {
      problems.push(`a body that is not JSON: ${answer.body.slice(0, 200)}`);
      return problems;
    }
  }
  if (!allowed.has(answer.status)) {
    const documented =
      answer.status === 500 && isObject(body) && c.route.documented500.includes(String(body.message));
    if (!documented) problems.push(`status ${answer.status} not in [${[...allowed].join(', ')}]`);
  }
  if (head) return problems;
  const path = c.exchange.url.split('?')[0] ?? '';
  const platform = platformOf(c.exchange.url);
  const problem =
    platform === 'portone'
      ? isPortOneEnvelope(body, answer.status)
      : platform === 'coupang'
        ? coupangProblem(body, answer.status, path)
        : platform === 'sandbox'
          ? sandboxProblem(body, answer.status, c.exchange.method, path)
          : baesongProblem(body, answer.status, path);
  // Node refuses a head past 16 KiB as it reads it, and the bytes it hands over may not hold the
  // request line: without a path, the answer is in PortOne's envelope, that of every unknown path.
  const pathUnknown = answer.status === 431 && c.bigHead && isPortOneEnvelope(body, answer.status) === null;
  if (problem && !pathUnknown)
    problems.push(`${platform} envelope: ${problem}: ${answer.body.slice(0, 300)}`);
  if (answer.status < 300) {
    for (const payment of paymentsIn(platform === 'portone' && isObject(body) ? body.response : body)) {
      const broken = cancelProblem(payment);
      if (broken) problems.push(`payment ${String(payment.imp_uid)}: ${broken}`);
    }
  }
  return problems;
}

/** The payment objects an answer carries: a payment, a list of them, or a sandbox listing's. */
function paymentsIn(value: unknown): Obj[] {
  if (Array.isArray(value)) return value.flatMap(paymentsIn);
  if (!isObject(value)) return [];
  if (typeof value.imp_uid === 'string' && 'cancel_amount' in value) return [value];
  return Array.isArray(value.payments) ? value.payments.flatMap(paymentsIn) : [];
}

/** A payment never has more cancelled than its amount, and its history adds up to what was cancelled. */
function cancelProblem(payment: Obj): string | null {
  const { amount, cancel_amount: cancelled, cancel_history: history, status } = payment;
  if (typeof amount !== 'number' || typeof cancelled !== 'number')
    return 'amount or cancel_amount not a number';
  if (cancelled > amount) return `cancel_amount ${cancelled} above amount ${amount}`;
  if (!Array.isArray(history)) return 'cancel_history not an array';
  const sum = history.reduce(
    (total: number, c: unknown) => total + (isObject(c) ? Number(c.amount) : NaN),
    0,
  );
  // A payment created `cancelled` was cancelled whole without a recorded cancel.
  if (history.length > 0 && sum !== cancelled) return `cancel_history adds up to ${sum}, not ${cancelled}`;
  if (status === 'paid' && cancelled >= amount) return 'paid with nothing left to cancel';
  return null;
}

/** One line describing a failing case, for the report. */
export function describeCase(c: FuzzCase, answer: Answer | undefined, problems: string[]): string {
  const payload = c.exchange.payload;
  const shown =
    payload === undefined
      ? ''
      : ` body(${Buffer.byteLength(payload)} bytes)=${(Buffer.isBuffer(payload) ? payload.toString('latin1') : payload).slice(0, 300)}`;
  return (
    `${c.label}\n  ${c.exchange.method} ${c.exchange.url.slice(0, 300)} headers=${JSON.stringify(c.exchange.headers).slice(0, 300)}${shown}\n` +
    `  → ${answer?.status ?? '(no answer)'} ${answer?.body.slice(0, 300) ?? ''}\n  ${problems.join('\n  ')}`
  );
}
