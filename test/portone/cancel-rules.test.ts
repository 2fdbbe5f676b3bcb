import { describe, expect, it } from 'vitest';
import { judgeCancel, readCancelRequest } from '../../src/portone/cancel-rules.js';
import { readFindStatus, readPaymentIds, readSorting } from '../../src/portone/lookup-rules.js';
import { messages } from '../../src/portone/messages.js';
import { readPrepareBody } from '../../src/portone/prepare-rules.js';

const paid = { status: 'paid', amount: 10000, cancel_amount: 1000 };

describe('readCancelRequest', () => {
  it('reads numbers, numeric strings and booleans, and takes 0 or null as the whole balance', () => {
    expect(
      readCancelRequest({ imp_uid: 'imp_1', amount: '1000', checksum: 9000, enable_webhook: 'true' }),
    ).toEqual({
      impUid: 'imp_1',
      merchantUid: undefined,
      amount: 1000,
      taxFree: undefined,
      vatAmount: undefined,
      checksum: 9000,
      reason: '',
      enableWebhook: true,
    });
    expect(readCancelRequest({ merchant_uid: 'm', amount: 0 })).toMatchObject({ amount: undefined });
    expect(readCancelRequest({ merchant_uid: 'm', amount: null, checksum: '' })).toMatchObject({
      amount: undefined,
      checksum: undefined,
    });
  });

  it('names the first bad field in the documented order, ignoring unknown ones', () => {
    expect(readCancelRequest({ amount: 'abc', checksum: 'x' })).toEqual({
      problem: messages.cancel.notNumber('amount'),
    });
    expect(readCancelRequest({ checksum: -1 })).toEqual({ problem: messages.cancel.notNumber('checksum') });
    expect(readCancelRequest({ tax_free: 1.5 })).toEqual({ problem: messages.cancel.notNumber('tax_free') });
    expect(readCancelRequest({ vat_amount: '1e3' })).toEqual({
      problem: messages.cancel.notNumber('vat_amount'),
    });
    expect(readCancelRequest({ imp_uid: 5 })).toEqual({ problem: messages.cancel.notText('imp_uid') });
    expect(readCancelRequest({ enable_webhook: 'yes' })).toEqual({
      problem: messages.cancel.notBoolean('enable_webhook'),
    });
    expect(
      readCancelRequest({ imp_uid: 'i', escrow_confirmed: true, 'extra[requester]': 'x' }),
    ).toMatchObject({
      impUid: 'i',
    });
  });
});

describe('judgeCancel', () => {
  const judge = (payment: typeof paid, request: Partial<Parameters<typeof judgeCancel>[1]>) =>
    judgeCancel(payment, { amount: undefined, checksum: undefined, taxFree: undefined, ...request });

  it('checks status, checksum, balance and tax_free in that order', () => {
    expect(judge({ ...paid, status: 'cancelled' }, { checksum: 1 })).toEqual({
      refusal: messages.cancel.alreadyCancelled,
    });
    expect(judge({ ...paid, status: 'ready' }, { checksum: 1 })).toEqual({
      refusal: messages.notPaid('ready'),
    });
    expect(judge({ ...paid, status: 'failed' }, {})).toEqual({ refusal: messages.notPaid('failed') });
    expect(judge(paid, { checksum: 10000, amount: 99999 })).toEqual({
      refusal: '취소 가능 잔액(9000)과 checksum(10000)이 일치하지 않습니다.',
    });
    expect(judge(paid, { amount: 9001 })).toEqual({
      refusal: '취소 요청 금액(9001)이 취소 가능 잔액(9000)을 초과합니다.',
    });
    expect(judge(paid, { amount: 100, taxFree: 101 })).toEqual({
      refusal: '면세금액(101)이 취소 요청 금액(100)을 초과합니다.',
    });
  });

  it('takes the whole balance without an amount, and the amount asked otherwise', () => {
    expect(judge(paid, {})).toEqual({ amount: 9000 });
    expect(judge(paid, { amount: 9000, checksum: 9000, taxFree: 9000 })).toEqual({ amount: 9000 });
  });
});

describe('lookup rules', () => {
  it('reads the status segment and sorting', () => {
    expect(readFindStatus(undefined)).toBeUndefined();
    expect(readFindStatus('')).toBeUndefined();
    expect(readFindStatus('undefined')).toBeUndefined();
    expect(readFindStatus('paid')).toBe('paid');
    expect(readFindStatus('all')).toEqual({ problem: messages.unsupportedStatus });
    expect(readSorting(undefined)).toBe('-started');
    expect(readSorting('updated')).toBe('updated');
    expect(readSorting(['paid', 'paid'])).toEqual({ problem: messages.badSorting });
    expect(readSorting('constructor')).toEqual({ problem: messages.badSorting });
  });

  it('reads ids in every encoding, in order, and bounds their number', () => {
    expect(
      readPaymentIds('imp_uid[]=a&imp_uid%5B%5D=b&imp_uid[7]=c&imp_uid=d&merchant_uid%5B0%5D=m&x=1'),
    ).toEqual({
      impUids: ['a', 'b', 'c', 'd'],
      merchantUids: ['m'],
    });
    expect(readPaymentIds('imp_uids[]=a')).toEqual({ problem: messages.noPaymentIds });
    const many = Array.from({ length: 101 }, (_, i) => `${i % 2 ? 'imp_uid' : 'merchant_uid'}=${i}`).join(
      '&',
    );
    expect(readPaymentIds(many)).toEqual({ problem: messages.tooManyPaymentIds(100) });
  });
});

describe('readPrepareBody', () => {
  it('takes an amount as digits and leaves currency null when not sent', () => {
    expect(readPrepareBody({ merchant_uid: 'm', amount: '500' })).toEqual({
      merchant_uid: 'm',
      amount: 500,
      currency: null,
    });
    expect(readPrepareBody({ merchant_uid: 'm', amount: 500, currency: 'KRW' })).toMatchObject({
      currency: 'KRW',
    });
  });

  it('names the first bad field', () => {
    expect(readPrepareBody({ amount: 1 })).toEqual({ problem: messages.prepare.missing('merchant_uid') });
    expect(readPrepareBody({ merchant_uid: 7, amount: 1 })).toEqual({
      problem: messages.prepare.badMerchantUid,
    });
    expect(readPrepareBody({ merchant_uid: 'm', amount: 0 })).toEqual({
      problem: messages.prepare.badAmount,
    });
    expect(readPrepareBody({ merchant_uid: 'm', amount: 1.5 })).toEqual({
      problem: messages.prepare.badAmount,
    });
    expect(readPrepareBody({ merchant_uid: 'm' })).toEqual({ problem: messages.prepare.missing('amount') });
  });
});
