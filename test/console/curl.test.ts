import { describe, expect, it } from 'vitest';
import { curlCommand, shellQuote } from '../../console/src/curl.js';
import type { JournalEntry } from '../../src/client/index.js';

function entry(overrides: Partial<JournalEntry>): JournalEntry {
  return {
    id: '1',
    at: '2026-12-04T09:15:02.123Z',
    platform: 'portone',
    method: 'POST',
    path: '/users/getToken',
    query: '',
    route: 'POST /users/getToken',
    tenant: null,
    request: { headers: {}, body: null },
    response: { status: 200, body: {} },
    durationMs: 1,
    fault: null,
    ...overrides,
  };
}

describe('curlCommand', () => {
  it('replays a getToken with the redacted secret as a placeholder', () => {
    const line = curlCommand(
      entry({
        request: {
          headers: { host: '127.0.0.1:8080', 'content-type': 'application/json', 'content-length': '40' },
          body: { imp_key: 'key', imp_secret: '[redacted]' },
        },
      }),
      'http://127.0.0.1:8080/',
    );
    expect(line).toBe(
      `curl -X POST http://127.0.0.1:8080/users/getToken -H 'content-type: application/json' --data-raw '{"imp_key":"key","imp_secret":"<imp_secret>"}'`,
    );
  });

  it('puts placeholders for a token and for a Coupang signature, and keeps the query', () => {
    const portone = curlCommand(
      entry({
        method: 'GET',
        path: '/payments/imp_1',
        request: { headers: { authorization: '[redacted]' }, body: null },
      }),
      'http://h',
    );
    expect(portone).toBe(`curl -X GET http://h/payments/imp_1 -H 'authorization: Bearer <access_token>'`);
    const coupang = curlCommand(
      entry({
        method: 'GET',
        path: '/v2/providers/x',
        query: 'pageNum=1&pageSize=10',
        request: {
          headers: {
            authorization:
              'CEA algorithm=HmacSHA256, access-key=ak, signed-date=261204T091502Z, signature=[redacted]',
          },
          body: null,
        },
      }),
      'http://h',
    );
    expect(coupang).toContain(`'http://h/v2/providers/x?pageNum=1&pageSize=10'`);
    expect(coupang).toContain('signed-date=261204T091502Z, signature=<signature>');
  });

  it('sends a form as a form, Korean and quotes intact', () => {
    const line = curlCommand(
      entry({
        request: {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: { imp_key: 'k', imp_secret: '[redacted]', memo: "배송's" },
        },
      }),
      'http://h',
    );
    // The form's value percent-encoded as a form sends it; the one quote closed and reopened for the shell.
    expect(line).toContain(`--data-raw 'imp_key=k&imp_secret=<imp_secret>&memo=%EB%B0%B0%EC%86%A1'\\''s'`);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest for a POSIX shell', () => {
    expect(shellQuote('http://h/a?b=1')).toBe("'http://h/a?b=1'");
    expect(shellQuote('/plain/path')).toBe('/plain/path');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('배송 정보')).toBe("'배송 정보'");
  });
});
