/**
 * The two status machines of Coupang orders, each one table of state × action: the only place
 * that decides whether an action may run on a box or a receipt and what status it leaves.
 * Routes and the sandbox ask `boxTransition` / `receiptTransition`; each answers the wrong state
 * in its own documented words.
 */

export const BOX_STATUSES = [
  'ACCEPT',
  'INSTRUCT',
  'DEPARTURE',
  'DELIVERING',
  'FINAL_DELIVERY',
  'NONE_TRACKING',
] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];

export function isBoxStatus(value: string): value is BoxStatus {
  return (BOX_STATUSES as readonly string[]).includes(value);
}

export const BOX_ACTIONS = [
  'acknowledge',
  'uploadInvoice',
  'updateInvoice',
  'sellerCancel',
  'changeReceiver',
  'buyerCancel',
  'buyerReturn',
  'advance',
] as const;
export type BoxAction = (typeof BOX_ACTIONS)[number];

const SHIPPED: BoxStatus[] = ['DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY', 'NONE_TRACKING'];
const INVOICED: BoxStatus[] = ['DEPARTURE', 'NONE_TRACKING'];
const ALL = <T extends string>(states: readonly T[], to: (from: T) => T[]) =>
  Object.fromEntries(states.map((s) => [s, to(s)])) as Partial<Record<T, T[]>>;

/**
 * The box table: for each action, the states it may start from and the statuses it may leave.
 * A state not listed refuses the action; a closed box (every unit cancelled or returned)
 * refuses every one. The contract's "State machines" table, plus the sandbox's buyer and courier.
 */
export const BOX_MACHINE: Record<BoxAction, Partial<Record<BoxStatus, BoxStatus[]>>> = {
  acknowledge: { ACCEPT: ['INSTRUCT'] },
  // DEPARTURE, or NONE_TRACKING for a seller's own delivery (DIRECT), never tracked.
  uploadInvoice: { INSTRUCT: INVOICED },
  updateInvoice: ALL(SHIPPED, () => INVOICED),
  // The status stays; the box may close.
  sellerCancel: { ACCEPT: ['ACCEPT'], INSTRUCT: ['INSTRUCT'] },
  changeReceiver: { ACCEPT: ['ACCEPT'] },
  buyerCancel: { ACCEPT: ['ACCEPT'], INSTRUCT: ['INSTRUCT'] },
  buyerReturn: { FINAL_DELIVERY: ['FINAL_DELIVERY'], NONE_TRACKING: ['NONE_TRACKING'] },
  advance: { DEPARTURE: ['DELIVERING', 'FINAL_DELIVERY'], DELIVERING: ['FINAL_DELIVERY'] },
};

export type Transition<S> = { ok: true; to: S } | { ok: false };

/**
 * Whether `action` may run on a box in `from` (open or not), and the status it leaves: `to`
 * when the action names one of its targets, else the first.
 */
export function boxTransition(
  action: BoxAction,
  from: BoxStatus,
  open: boolean,
  to?: BoxStatus,
): Transition<BoxStatus> {
  const targets = open ? BOX_MACHINE[action][from] : undefined;
  if (!targets) return { ok: false };
  const chosen = to ?? targets[0];
  return chosen !== undefined && targets.includes(chosen) ? { ok: true, to: chosen } : { ok: false };
}

export const RECEIPT_STATUSES = [
  'RELEASE_STOP_UNCHECKED',
  'RETURNS_UNCHECKED',
  'VENDOR_WAREHOUSE_CONFIRM',
  'REQUEST_COUPANG_CHECK',
  'RETURNS_COMPLETED',
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const RECEIPT_ACTIONS = [
  'stoppedShipment',
  'completedShipment',
  'pickup',
  'receiveConfirmation',
  'approval',
] as const;
export type ReceiptAction = (typeof RECEIPT_ACTIONS)[number];

/** The receipt table; a `CANCEL` receipt is born `RETURNS_COMPLETED`, where nothing applies. */
export const RECEIPT_MACHINE: Record<ReceiptAction, Partial<Record<ReceiptStatus, ReceiptStatus>>> = {
  stoppedShipment: { RELEASE_STOP_UNCHECKED: 'RETURNS_COMPLETED' },
  completedShipment: { RELEASE_STOP_UNCHECKED: 'RETURNS_COMPLETED' },
  // A courier picks the return up; repeatable.
  pickup: { RETURNS_UNCHECKED: 'RETURNS_UNCHECKED' },
  receiveConfirmation: { RETURNS_UNCHECKED: 'VENDOR_WAREHOUSE_CONFIRM' },
  approval: { VENDOR_WAREHOUSE_CONFIRM: 'RETURNS_COMPLETED' },
};

export function receiptTransition(action: ReceiptAction, from: ReceiptStatus): Transition<ReceiptStatus> {
  const to = RECEIPT_MACHINE[action][from];
  return to ? { ok: true, to } : { ok: false };
}
