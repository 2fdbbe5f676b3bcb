import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { createMerchant, type Merchant, portoneError } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('POST /users/getToken ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let merchant: Merchant;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    merchant = await createMerchant(t, { imp_key: 'imp_apikey', imp_secret: 'secret-of-test' });
  });
  afterEach(() => t.close());

  const getToken = (payload: unknown, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/users/getToken', payload: payload as string, headers });
  const now = () => Math.floor(t.clock.nowMs() / 1000);

  it('issues a 40-hex token that lives 30 minutes', async () => {
    const res = await getToken({ imp_key: merchant.imp_key, imp_secret: merchant.imp_secret });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      code: 0,
      message: null,
      response: {
        access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
        now: now(),
        expired_at: now() + 1800,
      },
    });
  });

  it('accepts a form body as well as JSON', async () => {
    const res = await getToken(`imp_key=${merchant.imp_key}&imp_secret=${merchant.imp_secret}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    expect(res.body.response.access_token).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each([
    ['no body', undefined],
    ['imp_key missing', { imp_secret: 'x' }],
    ['imp_secret missing', { imp_key: 'imp_apikey' }],
    ['imp_key empty', { imp_key: '', imp_secret: 'secret-of-test' }],
    ['imp_secret empty', { imp_key: 'imp_apikey', imp_secret: '' }],
    ['imp_key not a string', { imp_key: 123, imp_secret: 'secret-of-test' }],
  ])('answers 400 when %s', async (_case, payload) => {
    const res = await getToken(payload);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(portoneError(messages.missingKeys));
  });

  it('answers 400 for missing keys sent as a form', async () => {
    const res = await getToken('imp_key=imp_apikey', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(portoneError('imp_key, imp_secret 파라메터가 누락되었습니다.'));
  });

  it.each([
    ['a wrong secret', { imp_key: 'imp_apikey', imp_secret: 'wrong' }],
    ['an unknown key', { imp_key: 'nobody', imp_secret: 'secret-of-test' }],
  ])('answers 401 for %s', async (_case, payload) => {
    const res = await getToken(payload);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(portoneError('인증에 실패하였습니다. API키와 secret을 확인하세요.'));
  });

  it('answers 400 for malformed JSON, in the envelope', async () => {
    const res = await getToken('{"imp_key":', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(-1);
    expect(res.body.response).toBeNull();
    expect(res.body.message).toMatch(/^malformed JSON body/);
  });

  describe('token lifetime', () => {
    const ask = async () => {
      const res = await getToken({ imp_key: merchant.imp_key, imp_secret: merchant.imp_secret });
      expect(res.status).toBe(200);
      return res.body.response as { access_token: string; now: number; expired_at: number };
    };

    it('returns the same token and expiry while the token is valid', async () => {
      const first = await ask();
      t.clock.advanceSeconds(1000);
      const again = await ask();
      expect(again.access_token).toBe(first.access_token);
      expect(again.expired_at).toBe(first.expired_at);
      expect(again.now).toBe(first.now + 1000);
    });

    it('does not extend a token with more than 60 seconds left', async () => {
      const first = await ask();
      t.clock.advanceSeconds(1800 - 61);
      expect(await ask()).toMatchObject({ access_token: first.access_token, expired_at: first.expired_at });
    });

    it('extends the expiry by 5 minutes when asked with exactly 60 seconds left', async () => {
      const first = await ask();
      t.clock.advanceSeconds(1800 - 60);
      const again = await ask();
      expect(again).toMatchObject({ access_token: first.access_token, expired_at: first.expired_at + 300 });
      // Asked again right away: no second extension.
      expect((await ask()).expired_at).toBe(first.expired_at + 300);
    });

    it('extends once when asked in the last second', async () => {
      const first = await ask();
      t.clock.advanceSeconds(1799);
      expect((await ask()).expired_at).toBe(first.expired_at + 300);
    });

    it('issues a new token from expired_at on, and the old one stops working', async () => {
      const first = await ask();
      t.clock.advanceSeconds(1800);
      const next = await ask();
      expect(next.access_token).not.toBe(first.access_token);
      expect(next.expired_at).toBe(next.now + 1800);
      const old = await t.request({
        method: 'GET',
        url: '/payments/imp_000000000000',
        headers: { authorization: first.access_token },
      });
      expect(old.status).toBe(401);
      expect(old.body).toEqual(portoneError(messages.unauthorized));
    });

    it('treats a token as expired from its expired_at second on', async () => {
      const first = await ask();
      const probe = () =>
        t.request({
          method: 'GET',
          url: '/payments/imp_000000000000',
          headers: { authorization: first.access_token },
        });
      t.clock.advanceSeconds(1799);
      expect((await probe()).status).toBe(404);
      t.clock.advanceSeconds(1);
      expect((await probe()).status).toBe(401);
    });

    it('gives twenty concurrent first calls one and the same token', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => ask()));
      expect(new Set(answers.map((a) => a.access_token)).size).toBe(1);
      expect(new Set(answers.map((a) => a.expired_at)).size).toBe(1);
    });

    it('keeps one token per merchant', async () => {
      const other = await createMerchant(t);
      const mine = await ask();
      const theirs = await getToken({ imp_key: other.imp_key, imp_secret: other.imp_secret });
      expect(theirs.body.response.access_token).not.toBe(mine.access_token);
    });
  });

  it('answers 405 in the envelope for another method', async () => {
    const res = await t.request({ method: 'GET', url: '/users/getToken' });
    expect(res.status).toBe(405);
    expect(res.body).toEqual(portoneError('Method Not Allowed'));
  });
});
