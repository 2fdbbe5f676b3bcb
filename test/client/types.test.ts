/**
 * The client's types name the platforms' closed sets of values (PG providers the escrow route
 * serves, courier codes, log levels), and still take other strings where the contract does.
 * These are checked by the type checker (`npm run typecheck`); the tests only anchor them.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { EscrowDeliveryBody, NewPaymentBody, OutboundPlace, Payment } from '../../src/client/index.js';
import type { StartOptions } from '../../src/server.js';

describe('the client types', () => {
  it('name the PG providers the escrow route serves, and take any other PG', () => {
    expectTypeOf<'kcp'>().toMatchTypeOf<Payment['pg_provider']>();
    expectTypeOf<Extract<Payment['pg_provider'], 'html5_inicis' | 'kcp' | 'daou'>>().toEqualTypeOf<
      'html5_inicis' | 'kcp' | 'daou'
    >();
    expectTypeOf<'tosspayments'>().toMatchTypeOf<NewPaymentBody['pg_provider']>();
    expectTypeOf<Payment['pg_provider']>().toMatchTypeOf<string>();
  });

  it("name each platform's courier codes, and take others where the platform stores them", () => {
    type PortOneCourier = EscrowDeliveryBody['logis']['company'];
    expectTypeOf<Extract<PortOneCourier, 'CJGLS' | 'LOGEN'>>().toEqualTypeOf<'CJGLS' | 'LOGEN'>();
    expectTypeOf<'SOMETHING_NEW'>().toMatchTypeOf<PortOneCourier>();
    type CoupangCourier = OutboundPlace['remoteInfos'][number]['deliveryCode'];
    expectTypeOf<Extract<CoupangCourier, 'HYUNDAI' | 'KGB'>>().toEqualTypeOf<'HYUNDAI' | 'KGB'>();
  });

  it('name the log levels, a closed set', () => {
    expectTypeOf<NonNullable<StartOptions['logLevel']>>().toEqualTypeOf<
      'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
    >();
  });
});
