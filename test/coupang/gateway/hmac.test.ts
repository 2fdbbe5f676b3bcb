import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  authorization,
  computeSignature,
  formatSignedDate,
  parseAuthorization,
  parseSignedDate,
  signatureMatches,
} from '../../../src/coupang/gateway/hmac.js';

const SECRET = '0123456789abcdef0123456789abcdef01234567';
const URL_ =
  '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1&placeNames=%EC%B6%9C%EA%B3%A0%EC%A7%80';
const AT = Date.UTC(2026, 10, 23, 3, 0, 0);

describe('the CEA signer', () => {
  it('formats the signed-date as yyMMdd’T’HHmmss’Z’ in UTC', () => {
    expect(formatSignedDate(AT)).toBe('261123T030000Z');
    expect(formatSignedDate(Date.UTC(2009, 0, 2, 3, 4, 5, 999))).toBe('090102T030405Z');
  });

  it('reads back real signed-dates only', () => {
    expect(parseSignedDate('261123T030000Z')).toBe(AT);
    for (const bad of [
      '261123T030000',
      '20261123T030000Z',
      '260230T000000Z',
      '261123T236000Z',
      '261123 030000Z',
    ]) {
      expect(parseSignedDate(bad)).toBeUndefined();
    }
  });

  it('signs signed-date + METHOD + path + raw query, as openssl does', () => {
    // printf '%s' "261123T030000ZGET<path><query>" | openssl dgst -sha256 -hmac <secret>
    expect(computeSignature(SECRET, '261123T030000Z', 'GET', URL_)).toBe(
      '68f78d9d7710f694970d0d7a67873dd4d02890a825f7bb0dbdcf4a18d699ea3b',
    );
    expect(computeSignature(SECRET, '261123T030000Z', 'get', URL_)).toBe(
      computeSignature(SECRET, '261123T030000Z', 'GET', URL_),
    );
  });

  it('builds the Authorization header, with either separator', () => {
    const options = { accessKey: 'ak', secretKey: SECRET, method: 'GET', url: URL_, signedAtMs: AT };
    expect(authorization(options)).toBe(
      'CEA algorithm=HmacSHA256, access-key=ak, signed-date=261123T030000Z, signature=68f78d9d7710f694970d0d7a67873dd4d02890a825f7bb0dbdcf4a18d699ea3b',
    );
    expect(authorization({ ...options, separator: ',' })).toBe(
      'CEA algorithm=HmacSHA256,access-key=ak,signed-date=261123T030000Z,signature=68f78d9d7710f694970d0d7a67873dd4d02890a825f7bb0dbdcf4a18d699ea3b',
    );
  });

  it('parses what it builds and verifies it', () => {
    const header = authorization({
      accessKey: 'ak',
      secretKey: SECRET,
      method: 'PUT',
      url: '/x?a=1',
      signedAtMs: AT,
    });
    const parsed = parseAuthorization(header);
    expect(parsed).toEqual({
      ok: true,
      credentials: {
        accessKey: 'ak',
        signedDate: '261123T030000Z',
        signedAtMs: AT,
        signature: expect.any(String),
      },
    });
    if (!parsed.ok) return;
    expect(signatureMatches(SECRET, parsed.credentials, 'PUT', '/x?a=1')).toBe(true);
    expect(signatureMatches(SECRET, parsed.credentials, 'PUT', '/x?a=2')).toBe(false);
    expect(signatureMatches(SECRET, parsed.credentials, 'POST', '/x?a=1')).toBe(false);
    expect(signatureMatches(SECRET, { ...parsed.credentials, signature: 'ab' }, 'PUT', '/x?a=1')).toBe(false);
  });

  it('tells a missing scheme from a malformed header', () => {
    expect(parseAuthorization(undefined)).toEqual({ ok: false, reason: 'not-cea' });
    expect(parseAuthorization('HMAC x')).toEqual({ ok: false, reason: 'not-cea' });
    expect(parseAuthorization('CEA algorithm=HmacSHA256')).toEqual({ ok: false, reason: 'format' });
  });

  it('imports nothing but node:crypto, so a client can use it alone', () => {
    const source = readFileSync(new URL('../../../src/coupang/gateway/hmac.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['node:crypto']);
  });
});
