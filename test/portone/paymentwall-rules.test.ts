import { describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import {
  checkPaymentwallDelivery,
  givenImpUid,
  isEmail,
  isUsa,
  isUsState,
  PAYMENTWALL_STATUSES,
  statusRank,
} from '../../src/portone/paymentwall-rules.js';

const say = messages.paymentwall;

const digital = {
  imp_uid: 'imp_123456789012',
  merchant_uid: 'order-1',
  type: 'digital',
  status: 'delivered',
  estimated_delivery_datetime: '1795400000',
  estimated_update_datetime: 1795400000,
  refundable: 'no',
  shipping_address_email: 'buyer@example.com',
};
const paymentwall = { pg_provider: 'paymentwall', merchant_uid: 'order-1' };

describe('Paymentwall delivery rules', () => {
  it('returns the delivery normalised, in the table’s order, without blank or unknown fields', () => {
    const check = checkPaymentwallDelivery(
      { details: 'sent', extra: 1, reason: '', ...digital, carrier_type: null },
      paymentwall,
    );
    expect(check).toEqual({
      ok: true,
      delivery: { ...digital, estimated_delivery_datetime: 1795400000, details: 'sent' },
    });
    if (check.ok) expect(Object.keys(check.delivery)).toEqual([...Object.keys(digital), 'details']);
  });

  it('checks the payment only when it is known', () => {
    expect(checkPaymentwallDelivery(digital).ok).toBe(true);
    expect(checkPaymentwallDelivery(digital, { pg_provider: 'kcp', merchant_uid: 'other' })).toEqual({
      ok: false,
      problems: [say.notPaymentwall('kcp'), say.merchantUidMismatch],
    });
  });

  it('orders the statuses', () => {
    expect(PAYMENTWALL_STATUSES.map(statusRank)).toEqual([0, 1, 2, 3]);
  });

  it('knows the 50 states and DC by code and name, in any case', () => {
    for (const s of ['CA', 'ca', 'California', 'CALIFORNIA', 'dc', 'District of Columbia', 'wy', 'Hawaii']) {
      expect(isUsState(s), s).toBe(true);
    }
    for (const s of ['PR', 'Puerto Rico', 'GU', 'N/A', '', 'Calif.', ' CA'])
      expect(isUsState(s), s).toBe(false);
  });

  it('takes US and USA in any case as the USA', () => {
    for (const c of ['US', 'us', 'USA', 'Usa']) expect(isUsa(c)).toBe(true);
    for (const c of ['U.S.', 'United States', 'KR', '']) expect(isUsa(c)).toBe(false);
  });

  it('recognises e-mail addresses', () => {
    for (const e of ['a@b.co', 'first.last+tag@mail.example.com', "o'brien@example.ie"]) {
      expect(isEmail(e), e).toBe(true);
    }
    for (const e of ['a@b', 'a b@c.com', '@example.com', 'a@', 'a@-b.com', 'a@@b.com']) {
      expect(isEmail(e), e).toBe(false);
    }
  });

  it('names an imp_uid to look up only when one is usable', () => {
    expect(givenImpUid({ imp_uid: 'imp_1' })).toBe('imp_1');
    expect(givenImpUid({ imp_uid: '' })).toBeUndefined();
    expect(givenImpUid({ imp_uid: { a: 1 } })).toBeUndefined();
    expect(givenImpUid({})).toBeUndefined();
  });

  it('lists enumerations in words', () => {
    expect(say.notOneOf('type', ['physical', 'digital'])).toBe('type must be physical or digital');
    expect(say.notOneOf('status', PAYMENTWALL_STATUSES)).toBe(
      'status must be order_placed, order_shipped, delivering or delivered',
    );
  });
});
