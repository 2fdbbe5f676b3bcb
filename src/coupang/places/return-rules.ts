/**
 * The rules of return shipping centers beyond the shared ones, as pure functions: what a
 * create or update request asks for, or the first broken rule's message, in the
 * documented order (README, Coupang: return shipping centers). Duplicate names and addresses are the store's to find; the
 * contract checks come last, once the center is known not to be a duplicate.
 */
import { courierName, isReturnCourier, type ReturnCourierCode } from '../couriers.js';
import { placeMessages as p, returnMessages as r } from '../messages.js';
import { type AddressInput, checkSharedFields } from './place-rules.js';
import {
  fail,
  isPlainObject,
  type RuleResult,
  readNumber,
  readText,
  shownValue,
  WRONG_TYPE,
} from '../values.js';
import { listParam } from '../paging.js';
import type { VendorContract } from '../vendors.js';

const RETURN_ADDRESS_TYPES = ['JIBUN', 'ROADNAME'] as const;
type ReturnAddressType = (typeof RETURN_ADDRESS_TYPES)[number];

/** The twelve fees, in the order of the documents (and of the checks). */
export const FEE_FIELDS = [
  'vendorCreditFee05kg',
  'vendorCreditFee10kg',
  'vendorCreditFee20kg',
  'vendorCashFee05kg',
  'vendorCashFee10kg',
  'vendorCashFee20kg',
  'consumerCashFee05kg',
  'consumerCashFee10kg',
  'consumerCashFee20kg',
  'returnFee05kg',
  'returnFee10kg',
  'returnFee20kg',
] as const;
type FeeField = (typeof FEE_FIELDS)[number];
export type ReturnFees = Record<FeeField, number>;

/** `goodsflowStatus` of a center whose contract was confirmed, and of one whose contract was not. */
export const GOODSFLOW_APPROVED = '승인';
export const GOODSFLOW_REFUSED = '승인불가';

/** The body's object of courier, contract and fees on create; update takes `goodsflowInfoDto` too. */
const CREATE_DTO = 'goodsflowInfoOpenApiDto';
const UPDATE_DTO = 'goodsflowInfoDto';

/** An address of a return center, as stored and read back (always in Korea). */
export interface ReturnAddress {
  addressType: ReturnAddressType;
  countryCode: 'KR';
  companyContactNumber: string;
  phoneNumber2?: string;
  returnZipCode: string;
  returnAddress: string;
  returnAddressDetail: string;
}

/** The courier and its contract: fixed once the center exists. */
export interface ReturnCourierContract {
  deliverCode: ReturnCourierCode;
  deliverName: string;
  contractNumber: string;
  /** The empty string when not sent. */
  contractCustomerNumber: string;
}

/** What a create that passed every field rule asks to store. */
export interface ReturnCenterPlan {
  shippingPlaceName: string;
  usable: boolean;
  placeAddresses: ReturnAddress[];
  courier: ReturnCourierContract;
  fees: ReturnFees;
}

/** A center as an update is checked against. */
export interface ExistingReturnCenter {
  shippingPlaceName: string;
  usable: boolean;
  placeAddresses: ReturnAddress[];
  courier: ReturnCourierContract;
  fees: ReturnFees;
}

/** What an update asks the center to become (what it left out keeps its stored value). */
export type ReturnCenterUpdatePlan = Omit<ReturnCenterPlan, 'courier'>;

export interface ReturnRuleOptions {
  /** The vendor's WING login IDs. */
  userIds: readonly string[];
}

/** Text as it shows in a message: another JSON type as its JSON (a very deep one by its kind). */
function shown(value: unknown): string {
  const text = readText(value);
  return text === WRONG_TYPE ? shownValue(value) : (text ?? '');
}

/** A fee: a whole number of won greater than 0, also sent as a numeric string. */
function readFee(value: unknown): number | undefined {
  const fee = readNumber(value);
  return typeof fee === 'number' && Number.isSafeInteger(fee) && fee > 0 ? fee : undefined;
}

/** The fees of the object in their order: each given one checked, each left out taken from `stored` (update) or missing. */
function checkFees(dto: Record<string, unknown>, stored?: ReturnFees): RuleResult<ReturnFees> {
  const fees = {} as ReturnFees;
  for (const field of FEE_FIELDS) {
    if (dto[field] === undefined && stored) {
      fees[field] = stored[field];
      continue;
    }
    const fee = readFee(dto[field]);
    if (fee === undefined) return fail(r.fee(field));
    fees[field] = fee;
  }
  return { ok: true, value: fees };
}

/** The addresses' types (JIBUN or ROADNAME only), then the addresses as stored. */
function checkAddresses(addresses: AddressInput[]): RuleResult<ReturnAddress[]> {
  const isReturnType = (t: string | undefined): t is ReturnAddressType =>
    (RETURN_ADDRESS_TYPES as readonly (string | undefined)[]).includes(t);
  const badType = addresses.find((a) => !isReturnType(a.addressType));
  if (badType) return fail(r.addressType(badType.addressType ?? '(none)'));
  return {
    ok: true,
    value: addresses.map((a) => ({
      addressType: a.addressType as ReturnAddressType,
      countryCode: 'KR',
      companyContactNumber: a.companyContactNumber,
      ...(a.phoneNumber2 !== undefined ? { phoneNumber2: a.phoneNumber2 } : {}),
      returnZipCode: a.returnZipCode,
      returnAddress: a.returnAddress,
      returnAddressDetail: a.returnAddressDetail,
    })),
  };
}

/** A return courier code: the code, or the message naming what was sent. */
function checkDeliverCode(value: unknown): RuleResult<ReturnCourierCode> {
  const code = readText(value);
  if (code === WRONG_TYPE || code === undefined || !isReturnCourier(code)) {
    return fail(r.deliverCodeNotReturnCourier(shown(value)));
  }
  return { ok: true, value: code };
}

/**
 * Checks a create body, already past the vendorId checks: the shared table's rules, then the
 * return table's in its order (the courier object, the courier, the fees, the address types).
 */
export function checkReturnCenterFields(
  body: Record<string, unknown>,
  options: ReturnRuleOptions,
): RuleResult<ReturnCenterPlan> {
  const shared = checkSharedFields(body, { userIds: options.userIds });
  if (!shared.ok) return shared;

  const dto = body[CREATE_DTO];
  if (dto === undefined) return fail(r.goodsflowRequired);
  if (!isPlainObject(dto)) return fail(r.goodsflowNotObject(CREATE_DTO));
  const deliverCode = readText(dto.deliverCode);
  if (deliverCode === undefined || deliverCode === '') return fail(r.deliverCodeRequired);
  const contractNumber = readText(dto.contractNumber);
  if (contractNumber === WRONG_TYPE) return fail(p.mustBeString('contractNumber'));
  if (contractNumber === undefined || contractNumber === '') return fail(r.contractNumberRequired);

  const courier = checkDeliverCode(dto.deliverCode);
  if (!courier.ok) return courier;
  const deliverName = readText(dto.deliverName);
  if (deliverName === WRONG_TYPE) return fail(p.mustBeString('deliverName'));
  const contractCustomerNumber = readText(dto.contractCustomerNumber);
  if (contractCustomerNumber === WRONG_TYPE) return fail(p.mustBeString('contractCustomerNumber'));

  const fees = checkFees(dto);
  if (!fees.ok) return fees;
  const addresses = checkAddresses(shared.value.placeAddresses as AddressInput[]);
  if (!addresses.ok) return addresses;

  return {
    ok: true,
    value: {
      shippingPlaceName: shared.value.shippingPlaceName as string,
      usable: shared.value.usable ?? true,
      placeAddresses: addresses.value,
      courier: {
        deliverCode: courier.value,
        // Left out or blank, the courier's own name.
        deliverName: deliverName || courierName(courier.value),
        contractNumber,
        contractCustomerNumber: contractCustomerNumber ?? '',
      },
      fees: fees.value,
    },
  };
}

/**
 * Checks an update body, already past the vendorId and center code checks, against the center
 * as stored: the rules of create apply to what is given. The courier object may come as
 * `goodsflowInfoDto` (the update's own name, which wins) or `goodsflowInfoOpenApiDto`; its
 * courier and contract cannot change, and fees left out keep their values.
 */
export function checkReturnCenterUpdate(
  body: Record<string, unknown>,
  options: ReturnRuleOptions & { existing: ExistingReturnCenter },
): RuleResult<ReturnCenterUpdatePlan> {
  const { existing } = options;
  const shared = checkSharedFields(body, {
    userIds: options.userIds,
    nameOptional: true,
    addressesOptional: true,
  });
  if (!shared.ok) return shared;

  const dtoField = body[UPDATE_DTO] !== undefined ? UPDATE_DTO : CREATE_DTO;
  const dto = body[dtoField] ?? {};
  if (!isPlainObject(dto)) return fail(r.goodsflowNotObject(dtoField));
  // Blank counts as left out, so a client may send back the whole object it created with.
  const given = (value: unknown) => value !== undefined && value !== '';

  if (given(dto.deliverCode)) {
    const courier = checkDeliverCode(dto.deliverCode);
    if (!courier.ok) return courier;
    if (courier.value !== existing.courier.deliverCode) return fail(r.unchangeable('deliverCode'));
  }
  for (const field of ['contractNumber', 'contractCustomerNumber'] as const) {
    if (!given(dto[field])) continue;
    const value = readText(dto[field]);
    if (value === WRONG_TYPE) return fail(p.mustBeString(field));
    if (value !== existing.courier[field]) return fail(r.unchangeable(field));
  }

  const fees = checkFees(dto, existing.fees);
  if (!fees.ok) return fees;
  let placeAddresses = existing.placeAddresses;
  if (shared.value.placeAddresses) {
    const addresses = checkAddresses(shared.value.placeAddresses);
    if (!addresses.ok) return addresses;
    placeAddresses = addresses.value;
  }

  return {
    ok: true,
    value: {
      shippingPlaceName: shared.value.shippingPlaceName ?? existing.shippingPlaceName,
      usable: shared.value.usable ?? existing.usable,
      placeAddresses,
      fees: fees.value,
    },
  };
}

/** What the contract checks make of a create: refused (500, nothing stored), or stored confirmed or not. */
export type ContractVerdict = { ok: true; confirmed: boolean } | { ok: false; message: string };

const CONTRACT_NUMBER = /^\d{1,20}$/;

/**
 * The contract checks, last of a create's rules: EPOST needs the vendor code
 * (`contractCustomerNumber`); the contract must be one of the vendor's for this courier (a
 * vendor created without contracts has every contract number of 1 to 20 digits, confirmed),
 * with the vendor code on file for EPOST when one is; a contract on file may be unconfirmed.
 */
export function checkContract(
  courier: ReturnCourierContract,
  contracts: readonly VendorContract[] | null,
): ContractVerdict {
  if (courier.deliverCode === 'EPOST' && courier.contractCustomerNumber === '') return fail(r.serverError);
  if (contracts === null) {
    return CONTRACT_NUMBER.test(courier.contractNumber) ? { ok: true, confirmed: true } : fail(r.createError);
  }
  const contract = contracts.find(
    (c) => c.deliverCode === courier.deliverCode && c.contractNumber === courier.contractNumber,
  );
  if (!contract) return fail(r.createError);
  if (
    courier.deliverCode === 'EPOST' &&
    contract.contractCustomerNumber !== undefined &&
    contract.contractCustomerNumber !== courier.contractCustomerNumber
  ) {
    return fail(r.serverError);
  }
  return { ok: true, confirmed: contract.confirmed };
}

/**
 * The update body's `returnCenterCode`: required, and the path's (the same text, or the same
 * number as digits or a JSON number). `pathCode` is undefined when the path's is not a number.
 */
export function checkBodyCenterCode(
  body: Record<string, unknown>,
  rawPathCode: string,
  pathCode: number | undefined,
): RuleResult<null> {
  const value = body.returnCenterCode;
  if (value === undefined || value === '') return fail(r.centerCodeRequired);
  const sameText = shown(value) === rawPathCode;
  const sameNumber = pathCode !== undefined && readNumber(value) === pathCode;
  if (!sameText && !sameNumber) return fail(r.centerCodeMismatch(shown(value), rawPathCode));
  return { ok: true, value: null };
}

const MAX_CENTER_CODES = 100;

/** `returnCenterCodes` of the lookup: required, at most 100 (as sent); each code once, in the order asked. */
export function checkCenterCodes(value: unknown): RuleResult<string[]> {
  const codes = listParam(value);
  if (!codes) return fail(r.centerCodesRequired);
  if (codes.length > MAX_CENTER_CODES) return fail(r.centerCodesTooMany(codes.length));
  return { ok: true, value: [...new Set(codes)] };
}

/** An update body without a `shippingPlaceName` of `null`, which keeps the old name rather than being a null param. */
export function withoutNullName(body: unknown): unknown {
  if (!isPlainObject(body) || body.shippingPlaceName !== null) return body;
  const { shippingPlaceName: _kept, ...rest } = body;
  return rest;
}
