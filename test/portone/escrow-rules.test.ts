/**
 * The escrow delivery rules as plain functions (`src/portone/escrow-rules.ts`): the required
 * fields per PG, strict types, the bounds of `sent_at`, real `receiving_at` dates, the order of
 * the problems and the wording for a body that cannot be read (docs/decisions.md, PortOne).
 * test/portone/escrow.test.ts covers the routes: the checks' order among the others, the status
 * and the envelope.
 */
import { describe, expect, it } from 'vitest';
import {
  checkEscrowDelivery,
  ESCROW_PGS,
  type EscrowCheck,
  isEscrowPg,
  isRealDate,
} from '../../src/portone/escrow-rules.js';
import { escrowBody } from '../support/fixtures.js';

const problems = (...list: string[]): EscrowCheck => ({ ok: false, problems: list });

describe('escrow PGs', () => {
  it('are KG INICIS, NHN KCP and PAYJOA, by pg_provider', () => {
    expect(ESCROW_PGS).toEqual(['html5_inicis', 'kcp', 'daou']);
    for (const pg of ESCROW_PGS) expect(isEscrowPg(pg)).toBe(true);
    for (const pg of ['paymentwall', 'tosspayments', 'inicis', 'KCP', '']) expect(isEscrowPg(pg)).toBe(false);
  });
});

describe('escrow delivery rules', () => {
  describe('accepted bodies', () => {
    it.each(ESCROW_PGS)('accepts the complete body of %s as it is', (pg) => {
      const body = escrowBody(pg);
      expect(checkEscrowDelivery(pg, body)).toEqual({ ok: true, delivery: body });
    });

    it('keeps the fields the PG does not require when given, in the table’s order, and drops unknown ones', () => {
      const check = checkEscrowDelivery('kcp', {
        extra: 'ignored',
        logis: {
          address: '성수이로 20길 16',
          receiving_at: '20261125',
          sent_at: 1795000000,
          invoice: '4321',
          company: 'HANJIN',
          weight: '2kg',
        },
        receiver: { postcode: '48058', name: '이수령', floor: '3' },
        sender: { relationship: '본인', name: '김발송' },
      });
      expect(check).toEqual({
        ok: true,
        delivery: {
          sender: { name: '김발송', relationship: '본인' },
          receiver: { name: '이수령', postcode: '48058' },
          logis: {
            company: 'HANJIN',
            invoice: '4321',
            sent_at: 1795000000,
            receiving_at: '20261125',
            address: '성수이로 20길 16',
          },
        },
      });
      if (check.ok) {
        expect(Object.keys(check.delivery.sender)).toEqual(['name', 'relationship']);
        expect(Object.keys(check.delivery.logis)).toEqual([
          'company',
          'invoice',
          'sent_at',
          'receiving_at',
          'address',
        ]);
      }
    });

    it('counts optional fields sent empty as not sent', () => {
      const body = escrowBody('kcp', { receiving_at: '', address: '' });
      expect(checkEscrowDelivery('kcp', { ...body, sender: { name: '', relationship: '' } })).toEqual({
        ok: true,
        delivery: escrowBody('kcp'),
      });
    });

    it('stores an unknown courier code as ETC and keeps a known one', () => {
      const check = (company: string) => {
        const result = checkEscrowDelivery('kcp', escrowBody('kcp', { company }));
        return result.ok ? result.delivery.logis.company : result.problems;
      };
      expect(check('CJGLS')).toBe('CJGLS');
      expect(check('EPOST')).toBe('EPOST');
      expect(check('LOTTE')).toBe('ETC');
      expect(check('cjgls')).toBe('ETC');
    });
  });

  describe('required fields per PG', () => {
    const empty = { sender: {}, receiver: {}, logis: {} };

    it('KG INICIS: name, tel, addr and postcode of sender and receiver; company, invoice and sent_at', () => {
      expect(checkEscrowDelivery('html5_inicis', empty)).toEqual(
        problems(
          'sender.name is required',
          'sender.tel is required',
          'sender.addr is required',
          'sender.postcode is required',
          'receiver.name is required',
          'receiver.tel is required',
          'receiver.addr is required',
          'receiver.postcode is required',
          'logis.company is required',
          'logis.invoice is required',
          'logis.sent_at is required',
        ),
      );
    });

    it('NHN KCP: company, invoice and sent_at alone', () => {
      expect(checkEscrowDelivery('kcp', empty)).toEqual(
        problems('logis.company is required', 'logis.invoice is required', 'logis.sent_at is required'),
      );
    });

    it('PAYJOA: the sender’s relationship; company, invoice, sent_at, receiving_at and address', () => {
      expect(checkEscrowDelivery('daou', empty)).toEqual(
        problems(
          'sender.relationship is required',
          'logis.company is required',
          'logis.invoice is required',
          'logis.sent_at is required',
          'logis.receiving_at is required',
          'logis.address is required',
        ),
      );
    });

    it.each([
      ['html5_inicis', 'sender', 'tel'],
      ['html5_inicis', 'receiver', 'postcode'],
      ['kcp', 'logis', 'invoice'],
      ['daou', 'sender', 'relationship'],
      ['daou', 'logis', 'receiving_at'],
      ['daou', 'logis', 'address'],
    ] as const)('%s: %s.%s sent empty is missing', (pg, part, field) => {
      const body = escrowBody(pg) as unknown as Record<string, Record<string, unknown>>;
      const changed = { ...body, [part]: { ...body[part], [field]: '' } };
      expect(checkEscrowDelivery(pg, changed)).toEqual(problems(`${part}.${field} is required`));
    });

    it('each PG asks only for its own: the fields another PG requires may be left out', () => {
      const kcp = escrowBody('kcp');
      expect(checkEscrowDelivery('kcp', kcp).ok).toBe(true);
      expect(checkEscrowDelivery('daou', kcp)).toEqual(
        problems(
          'sender.relationship is required',
          'logis.receiving_at is required',
          'logis.address is required',
        ),
      );
      expect(checkEscrowDelivery('html5_inicis', escrowBody('daou'))).toEqual(
        problems(
          'sender.name is required',
          'sender.tel is required',
          'sender.addr is required',
          'sender.postcode is required',
          'receiver.name is required',
          'receiver.tel is required',
          'receiver.addr is required',
          'receiver.postcode is required',
        ),
      );
    });
  });

  describe('sender, receiver and logis', () => {
    it('are each required', () => {
      expect(checkEscrowDelivery('kcp', {})).toEqual(
        problems('sender is required', 'receiver is required', 'logis is required'),
      );
      const { logis } = escrowBody('kcp');
      expect(checkEscrowDelivery('kcp', { logis })).toEqual(
        problems('sender is required', 'receiver is required'),
      );
    });

    it.each([
      ['null', null],
      ['an array', []],
      ['a string', 'x'],
      ['a number', 1],
      ['a boolean', true],
    ])('must each be an object, not %s', (_case, value) => {
      expect(checkEscrowDelivery('kcp', { ...escrowBody('kcp'), receiver: value })).toEqual(
        problems('receiver must be an object'),
      );
      expect(checkEscrowDelivery('kcp', { sender: value, receiver: value, logis: value })).toEqual(
        problems('sender must be an object', 'receiver must be an object', 'logis must be an object'),
      );
    });
  });

  describe('types are strict: nothing is coerced', () => {
    it.each([
      ['an invoice as a number', { invoice: 4321 }, 'logis.invoice must be a string'],
      ['a company as null', { company: null }, 'logis.company must be a string'],
      ['an optional address as null', { address: null }, 'logis.address must be a string'],
      ['receiving_at as a number', { receiving_at: 20261125 }, 'logis.receiving_at must be a string'],
      ['an invoice as an object', { invoice: { n: 1 } }, 'logis.invoice must be a string'],
      ['a company as an array', { company: ['CJGLS'] }, 'logis.company must be a string'],
    ])('refuses %s', (_case, logis, problem) => {
      expect(checkEscrowDelivery('kcp', escrowBody('kcp', logis as never))).toEqual(problems(problem));
    });

    it('refuses a wrong type in a field the PG does not require, and null is a wrong type, not a missing field', () => {
      const body = { ...escrowBody('kcp'), sender: { name: 1, tel: null }, receiver: { postcode: 48058 } };
      expect(checkEscrowDelivery('kcp', body)).toEqual(
        problems(
          'sender.name must be a string',
          'sender.tel must be a string',
          'receiver.postcode must be a string',
        ),
      );
      const inicis = escrowBody('html5_inicis') as unknown as Record<string, Record<string, unknown>>;
      expect(
        checkEscrowDelivery('html5_inicis', { ...inicis, sender: { ...inicis.sender, name: null } }),
      ).toEqual(problems('sender.name must be a string'));
    });
  });

  describe('sent_at', () => {
    it.each([1, 1795000000, 253402300799])('accepts the positive integer %s', (sentAt) => {
      const check = checkEscrowDelivery('kcp', escrowBody('kcp', { sent_at: sentAt }));
      expect(check.ok && check.delivery.logis.sent_at).toBe(sentAt);
    });

    it.each([
      ['zero', 0],
      ['a negative number', -1],
      ['a fraction', 1.5],
      ['a numeric string', '1700000000'],
      ['an empty string', ''],
      ['null', null],
      ['a boolean', true],
      ['past 9999-12-31T23:59:59Z', 253402300800],
      ['an unsafe integer', 2 ** 60],
    ])('refuses %s', (_case, sentAt) => {
      expect(checkEscrowDelivery('kcp', escrowBody('kcp', { sent_at: sentAt as never }))).toEqual(
        problems('logis.sent_at must be a positive integer'),
      );
    });
  });

  describe('receiving_at', () => {
    it.each(['20261125', '20280229', '20000229', '99991231'])('accepts the real date %s', (date) => {
      expect(checkEscrowDelivery('daou', escrowBody('daou', { receiving_at: date })).ok).toBe(true);
      expect(isRealDate(date)).toBe(true);
    });

    it.each([
      ['a 29 February of a common year', '20270229'],
      ['a century not divisible by 400', '19000229'],
      ['month 13', '20261301'],
      ['month 00', '20260015'],
      ['day 00', '20261100'],
      ['31 November', '20261131'],
      ['a date with dashes', '2026-11-25'],
      ['a short year', '261125'],
      ['seven digits', '2026112'],
      ['nine digits', '202611250'],
      ['letters', 'tomorrow'],
      ['full-width digits', '２０２６１１２５'],
    ])('refuses %s, for every PG that is sent one', (_case, date) => {
      const problem = problems('logis.receiving_at must be a real date in YYYYMMDD form');
      expect(isRealDate(date)).toBe(false);
      expect(checkEscrowDelivery('daou', escrowBody('daou', { receiving_at: date }))).toEqual(problem);
      // Optional for KCP, but checked when given.
      expect(checkEscrowDelivery('kcp', escrowBody('kcp', { receiving_at: date }))).toEqual(problem);
    });
  });

  describe('the order of the problems', () => {
    it('is sender, receiver, logis, and within each the table’s field order, whatever the body’s order', () => {
      const body = {
        logis: { address: 7, receiving_at: '20270229', sent_at: '1795000000', invoice: '', company: 1 },
        receiver: { postcode: 1, addr: '' },
        sender: { relationship: false, postcode: '04524', tel: 2 },
      };
      expect(checkEscrowDelivery('daou', body)).toEqual(
        problems(
          'sender.tel must be a string',
          'sender.relationship must be a string',
          'receiver.postcode must be a string',
          'logis.company must be a string',
          'logis.invoice is required',
          'logis.sent_at must be a positive integer',
          'logis.receiving_at must be a real date in YYYYMMDD form',
          'logis.address must be a string',
        ),
      );
      expect(checkEscrowDelivery('html5_inicis', body)).toEqual(
        problems(
          'sender.name is required',
          'sender.tel must be a string',
          'sender.addr is required',
          'sender.relationship must be a string',
          'receiver.name is required',
          'receiver.tel is required',
          'receiver.addr is required',
          'receiver.postcode must be a string',
          'logis.company must be a string',
          'logis.invoice is required',
          'logis.sent_at must be a positive integer',
          'logis.receiving_at must be a real date in YYYYMMDD form',
          'logis.address must be a string',
        ),
      );
    });

    it('reports a missing part in its place among the fields of the others', () => {
      expect(checkEscrowDelivery('html5_inicis', { sender: 'x', logis: { sent_at: 0 } })).toEqual(
        problems(
          'sender must be an object',
          'receiver is required',
          'logis.company is required',
          'logis.invoice is required',
          'logis.sent_at must be a positive integer',
        ),
      );
    });
  });

  describe('a body that is not a JSON object', () => {
    it.each([
      ['nothing', undefined],
      ['null', null],
      ['an array', [escrowBody('kcp')]],
      ['a string', JSON.stringify(escrowBody('kcp'))],
      ['a number', 1],
      ['a boolean', false],
    ])('is one problem, for %s', (_case, body) => {
      for (const pg of ESCROW_PGS) {
        expect(checkEscrowDelivery(pg, body)).toEqual(problems('body must be a JSON object'));
      }
    });

    it('malformed JSON is not a JSON object either, whatever the parser made of it', () => {
      const unreadable = { kind: 'malformed', message: 'Unexpected end of JSON input' } as const;
      expect(checkEscrowDelivery('kcp', undefined, unreadable)).toEqual(
        problems('body must be a JSON object'),
      );
      expect(checkEscrowDelivery('kcp', escrowBody('kcp'), unreadable)).toEqual(
        problems('body must be a JSON object'),
      );
    });

    it('a foreign content type adds the reason in parentheses', () => {
      const unreadable = {
        kind: 'media-type',
        message: "content type 'text/plain' is not accepted here",
      } as const;
      expect(checkEscrowDelivery('daou', 'sender=x', unreadable)).toEqual(
        problems("body must be a JSON object (content type 'text/plain' is not accepted here)"),
      );
    });

    it('text no engine stores alike is said as such, naming the field', () => {
      const reason = 'text may not contain the NUL character (U+0000) (at logis.invoice)';
      const unreadable = { kind: 'unstorable', message: `malformed body: ${reason}`, reason } as const;
      expect(checkEscrowDelivery('html5_inicis', escrowBody('html5_inicis'), unreadable)).toEqual(
        problems('body text may not contain the NUL character (U+0000) (at logis.invoice)'),
      );
    });

    it('a body past the limits of what a body may hold names the limit', () => {
      const reason = 'a body may hold at most 10000 values';
      const unreadable = { kind: 'limit', message: `malformed JSON body: ${reason}`, reason } as const;
      expect(checkEscrowDelivery('kcp', undefined, unreadable)).toEqual(problems(reason));
    });
  });
});
