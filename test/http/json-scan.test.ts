import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unstorableText } from '../../src/db/text.js';
import {
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  scanJson,
  TOO_DEEP,
  TOO_MANY_VALUES,
} from '../../src/http/json-scan.js';

const NUL = 'text may not contain the NUL character (U+0000)';
const LONE = 'text must be well-formed Unicode, without lone surrogates';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
/** A body of `n` values: one array holding n - 1 numbers. */
const values = (n: number) => `[${Array.from({ length: n - 1 }, () => '1').join(',')}]`;

describe('scanJson: limits', () => {
  it(`takes ${MAX_JSON_DEPTH} levels of nesting and refuses one more, naming the limit`, () => {
    expect(scanJson(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(scanJson(nested(MAX_JSON_DEPTH + 1))).toEqual({ kind: 'limit', message: TOO_DEEP });
    expect(scanJson(`{"a":${'{"b":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`)).toEqual({
      kind: 'limit',
      message: TOO_DEEP,
    });
    expect(TOO_DEEP).toBe('arrays and objects may nest at most 1024 levels deep');
  });

  it(`takes ${MAX_JSON_VALUES} values and refuses one more, naming the limit`, () => {
    expect(scanJson(values(MAX_JSON_VALUES))).toBeNull();
    expect(scanJson(values(MAX_JSON_VALUES + 1))).toEqual({ kind: 'limit', message: TOO_MANY_VALUES });
    expect(TOO_MANY_VALUES).toBe('a body may hold at most 10000 values');
  });

  it('counts objects, arrays, strings, numbers and literals, not keys', () => {
    // 1 object + 4 values per key/value pair is 1 + n: keys are free.
    const pairs = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":"v"`).join(',')}}`;
    expect(scanJson(pairs(MAX_JSON_VALUES - 1))).toBeNull();
    expect(scanJson(pairs(MAX_JSON_VALUES))).toEqual({ kind: 'limit', message: TOO_MANY_VALUES });
    const mixed = `[${Array.from({ length: MAX_JSON_VALUES / 5 }, () => '{},[],"s",-1.5e3,true').join(',')}]`;
    expect(scanJson(mixed)).toEqual({ kind: 'limit', message: TOO_MANY_VALUES });
    expect(scanJson(mixed.replace('{},', ''))).toBeNull();
  });

  it('stops at the first value past the limit: 1 MiB of tiny objects is refused', () => {
    const body = `{"imp_key":"x","imp_secret":"y","pad":[${'{},'.repeat(349_000)}{}]}`;
    expect(scanJson(body)).toEqual({ kind: 'limit', message: TOO_MANY_VALUES });
  });

  it('takes a 1 MiB string and a body as large as a batch of 50 invoice rows', () => {
    expect(scanJson(`{"a":"${'x'.repeat(1024 * 1024)}"}`)).toBeNull();
    const row = (i: number) => ({
      shipmentBoxId: 640000000000000001n + BigInt(2 * i),
      orderId: 20000000000000 + i,
      vendorItemId: 70000000000 + i,
      deliveryCompanyCode: 'CJGLS',
      invoiceNumber: `12345678${i}`,
      splitShipping: false,
      preSplitShipped: false,
      estimatedShippingDate: '',
    });
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    const text = JSON.stringify(
      { vendorId: 'A00012345', orderSheetInvoiceApplyDtos: rows },
      (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v),
    );
    expect(scanJson(text)).toBeNull();
  });
});

describe('scanJson: text no engine stores alike, named by its field', () => {
  it('finds an escaped NUL in a value, naming its path', () => {
    expect(scanJson('{"logis":{"invoice":"12\\u00003"}}')).toEqual({
      kind: 'text',
      rule: 'nul',
      reason: `${NUL} (at logis.invoice)`,
    });
    expect(scanJson('{"invoices":[{},{},{},{"invoiceNumber":"\\u0000"}]}')).toMatchObject({
      reason: `${NUL} (at invoices[3].invoiceNumber)`,
    });
    expect(scanJson('"\\u0000"')).toMatchObject({ reason: `${NUL} (at the body)` });
    expect(scanJson('[1,[2,"a\\u0000"]]')).toMatchObject({ reason: `${NUL} (at [1][1])` });
  });

  it('finds lone surrogates, high or low, in values and keys', () => {
    expect(scanJson('{"invoice":"A\\ud800B"}')).toEqual({
      kind: 'text',
      rule: 'lone-surrogate',
      reason: `${LONE} (at invoice)`,
    });
    expect(scanJson('{"a":"\\uDC00"}')).toMatchObject({ reason: `${LONE} (at a)` });
    expect(scanJson('{"a":"\\uD800"}')).toMatchObject({ reason: `${LONE} (at a)` });
    expect(scanJson('{"a":"\\ud800\\u0041"}')).toMatchObject({ reason: `${LONE} (at a)` });
    expect(scanJson('{"a":"\\ud800\\ud800"}')).toMatchObject({ reason: `${LONE} (at a)` });
    expect(scanJson('{"sender":{"P\\ud800Q":1}}')).toEqual({
      kind: 'text',
      rule: 'lone-surrogate',
      reason: `${LONE} (at a key of sender)`,
    });
    expect(scanJson('{"\\u0000":1}')).toMatchObject({ rule: 'nul', reason: `${NUL} (at a key of the body)` });
    // Text breaking both rules is named by the one met first.
    expect(scanJson('{"\\ud800\\u0000":{}}')).toMatchObject({ rule: 'lone-surrogate' });
    expect(scanJson('{"a":"\\u0000\\ud800"}')).toMatchObject({ rule: 'nul', reason: `${NUL} (at a)` });
  });

  it('takes well-formed pairs, escaped or not, and escapes that only look like the rule', () => {
    expect(
      scanJson('{"a":"\\ud83d\\ude9a","b":"🚚","c":"\\\\u0000","d":"\\"\\\\","e":"\\u0041"}'),
    ).toBeNull();
    expect(scanJson('{"a\\"b":"\\\\","c":"x"}')).toBeNull();
  });

  it('names keys as a path would: plain names with dots, others quoted, long ones shortened', () => {
    expect(scanJson('{"a b":{"c":"\\u0000"}}')).toMatchObject({ reason: `${NUL} (at ["a b"].c)` });
    const long = 'k'.repeat(100);
    expect(scanJson(`{"${long}":"\\u0000"}`)).toMatchObject({ reason: `${NUL} (at ["${'k'.repeat(64)}…"])` });
    expect(scanJson('{"\\u00e9":["\\u0000"]}')).toMatchObject({ reason: `${NUL} (at ["é"][0])` });
  });

  it('leaves malformed JSON to the parser, whatever it is', () => {
    for (const text of ['{', '"abc', '{"a":"\\u12', '[1,,2', 'nul', '}}}]]', '{"a":"\\', '\\u0000', '']) {
      expect(() => scanJson(text)).not.toThrow();
    }
    expect(scanJson('"abc')).toBeNull();
  });

  it('agrees with the text rule on any JSON: refused exactly when a string or key is unstorable', () => {
    // Any UTF-16 code unit, lone surrogates and NUL included.
    const text = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
      maxLength: 6,
    });
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constantFrom(true, false, null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(value, (v) => {
        const strings: string[] = [];
        const pending: unknown[] = [v];
        while (pending.length > 0) {
          const item = pending.pop();
          if (typeof item === 'string') strings.push(item);
          else if (Array.isArray(item)) pending.push(...(item as unknown[]));
          else if (item !== null && typeof item === 'object') {
            for (const [key, inner] of Object.entries(item)) pending.push(key, inner);
          }
        }
        // A string may break both rules ("\ud800\u0000"): the scan names whichever it meets
        // first in the text, unstorableText the one it checks first; either is a right answer.
        const bad = strings.flatMap((s) => [
          ...(s.includes('\u0000') ? (['nul'] as const) : []),
          ...(s.isWellFormed() ? [] : (['lone-surrogate'] as const)),
        ]);
        expect(bad.length === 0).toBe(strings.every((s) => unstorableText(s) === null));
        const found = scanJson(JSON.stringify(v));
        if (bad.length === 0) expect(found).toBeNull();
        else expect(found).toMatchObject({ kind: 'text', rule: expect.toBeOneOf(bad) });
      }),
      { numRuns: 500 },
    );
  });
});
