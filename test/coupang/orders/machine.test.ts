/**
 * The status machines as tables: every cell of state × action, generated, so that a change of the
 * table is a change of this test's expectations in one place (the contract's "State machines").
 */
import { describe, expect, it } from 'vitest';
import {
  BOX_ACTIONS,
  BOX_MACHINE,
  BOX_STATUSES,
  boxTransition,
  RECEIPT_ACTIONS,
  RECEIPT_MACHINE,
  RECEIPT_STATUSES,
  receiptTransition,
} from '../../../src/coupang/orders/machine.js';

/** The contract's table, written out: action → from → the statuses it may leave. */
const CONTRACT_BOX: Record<string, Record<string, string[]>> = {
  acknowledge: { ACCEPT: ['INSTRUCT'] },
  uploadInvoice: { INSTRUCT: ['DEPARTURE', 'NONE_TRACKING'] },
  updateInvoice: {
    DEPARTURE: ['DEPARTURE', 'NONE_TRACKING'],
    DELIVERING: ['DEPARTURE', 'NONE_TRACKING'],
    FINAL_DELIVERY: ['DEPARTURE', 'NONE_TRACKING'],
    NONE_TRACKING: ['DEPARTURE', 'NONE_TRACKING'],
  },
  sellerCancel: { ACCEPT: ['ACCEPT'], INSTRUCT: ['INSTRUCT'] },
  changeReceiver: { ACCEPT: ['ACCEPT'] },
  buyerCancel: { ACCEPT: ['ACCEPT'], INSTRUCT: ['INSTRUCT'] },
  buyerReturn: { FINAL_DELIVERY: ['FINAL_DELIVERY'], NONE_TRACKING: ['NONE_TRACKING'] },
  advance: { DEPARTURE: ['DELIVERING', 'FINAL_DELIVERY'], DELIVERING: ['FINAL_DELIVERY'] },
};

const CONTRACT_RECEIPT: Record<string, Record<string, string>> = {
  stoppedShipment: { RELEASE_STOP_UNCHECKED: 'RETURNS_COMPLETED' },
  completedShipment: { RELEASE_STOP_UNCHECKED: 'RETURNS_COMPLETED' },
  pickup: { RETURNS_UNCHECKED: 'RETURNS_UNCHECKED' },
  receiveConfirmation: { RETURNS_UNCHECKED: 'VENDOR_WAREHOUSE_CONFIRM' },
  approval: { VENDOR_WAREHOUSE_CONFIRM: 'RETURNS_COMPLETED' },
};

describe('the order box status machine', () => {
  it('is the contract’s table', () => {
    expect(BOX_MACHINE).toEqual(CONTRACT_BOX);
  });

  const cells = BOX_ACTIONS.flatMap((action) =>
    BOX_STATUSES.flatMap((from) => BOX_STATUSES.map((to) => ({ action, from, to }))),
  );
  it.each(cells)('$action from $from to $to', ({ action, from, to }) => {
    const allowed = CONTRACT_BOX[action]?.[from] ?? [];
    expect(boxTransition(action, from, true, to)).toEqual(
      allowed.includes(to) ? { ok: true, to } : { ok: false },
    );
    // A closed box refuses every action.
    expect(boxTransition(action, from, false, to)).toEqual({ ok: false });
  });

  it.each(BOX_ACTIONS.flatMap((action) => BOX_STATUSES.map((from) => ({ action, from }))))(
    '$action from $from without a target leaves the first',
    ({ action, from }) => {
      const first = CONTRACT_BOX[action]?.[from]?.[0];
      expect(boxTransition(action, from, true)).toEqual(first ? { ok: true, to: first } : { ok: false });
    },
  );
});

describe('the receipt status machine', () => {
  it('is the contract’s table', () => {
    expect(RECEIPT_MACHINE).toEqual(CONTRACT_RECEIPT);
  });

  it.each(RECEIPT_ACTIONS.flatMap((action) => RECEIPT_STATUSES.map((from) => ({ action, from }))))(
    '$action from $from',
    ({ action, from }) => {
      const to = CONTRACT_RECEIPT[action]?.[from];
      expect(receiptTransition(action, from)).toEqual(to ? { ok: true, to } : { ok: false });
    },
  );
});
