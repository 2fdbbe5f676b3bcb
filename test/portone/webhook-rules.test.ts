import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  encodeBody,
  hostAllowed,
  webhookUrlProblem,
} from '../../src/portone/webhooks/rules.js';

describe('webhook rules', () => {
  it('takes absolute http(s) URLs of at most 2,048 characters, on the allowed hosts when some are named', () => {
    expect(webhookUrlProblem('url', 'http://127.0.0.1:3000/hook', undefined)).toBeNull();
    expect(webhookUrlProblem('url', 'https://shop.example.com/hook', ['shop.example.com'])).toBeNull();
    expect(webhookUrlProblem('url', 'ftp://x/', undefined)).toBe('url must be an absolute http or https URL');
    expect(webhookUrlProblem('url', 'hook', undefined)).toBe('url must be an absolute http or https URL');
    expect(webhookUrlProblem('notice_url', 1, undefined)).toBe('notice_url must be a string');
    expect(webhookUrlProblem('url', `http://x/${'a'.repeat(2048)}`, undefined)).toBe(
      'url must be at most 2048 characters',
    );
    expect(webhookUrlProblem('url', 'http://other.example.com/', ['shop.example.com'])).toContain(
      'BAESONG_WEBHOOK_HOSTS',
    );
    expect(hostAllowed(new URL('http://[::1]:80/'), ['::1'])).toBe(true);
  });

  it('decides what an attempt makes of the webhook', () => {
    const first = { attempts: 1, retry: true, replay: false };
    expect(afterAttempt({ status: 204, error: null }, first, 0)).toEqual({
      state: 'delivered',
      dueAtMs: null,
    });
    expect(afterAttempt({ status: 302, error: null }, first, 0)).toEqual({ state: 'failed', dueAtMs: null });
    expect(afterAttempt({ status: 404, error: null }, first, 0)).toEqual({ state: 'failed', dueAtMs: null });
    expect(afterAttempt({ status: 503, error: null }, first, 1000)).toEqual({
      state: 'pending',
      dueAtMs: 61000,
    });
    expect(afterAttempt({ status: null, error: 'timeout: no answer in 30000 ms' }, first, 0)).toMatchObject({
      state: 'pending',
    });
    expect(afterAttempt({ status: 500, error: null }, { ...first, retry: false }, 0).state).toBe('failed');
    expect(afterAttempt({ status: 500, error: null }, { ...first, attempts: 6 }, 0).state).toBe('failed');
    expect(afterAttempt({ status: 500, error: null }, { ...first, attempts: 5 }, 0).state).toBe('pending');
    expect(afterAttempt({ status: 500, error: null }, { ...first, replay: true }, 0).state).toBe('failed');
  });

  it('encodes the fields as JSON or as a form', () => {
    const fields = { imp_uid: 'imp_1', merchant_uid: '주문 1', status: 'paid' };
    expect(encodeBody(fields, 'json')).toEqual({ type: 'application/json', text: JSON.stringify(fields) });
    const form = encodeBody(fields, 'form');
    expect(form.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(form.text))).toEqual(fields);
  });
});
