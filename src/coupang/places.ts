/**
 * The rules shared by both kinds of Coupang shipping place (outbound places and return
 * centers), as pure functions. Each returns the first broken rule's message, checking in the
 * order of `spec/coupang.md`: the path's vendorId, the body, the body's vendorId, then the
 * shared field rules in the order of their table.
 */
import type { BodyProblem } from '../http/body.js';
import { placeMessages as m } from './messages.js';
import type { CoupangVendor } from './vendors.js';

export type RuleResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A value of the wrong JSON type where text, a number or a boolean is meant. */
export const WRONG_TYPE: unique symbol = Symbol('wrong type');
export type WrongType = typeof WRONG_TYPE;

/** Text where text is meant: a string as it is, a number as its digits (`10516` → `"10516"`). */
export function readText(value: unknown): string | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return WRONG_TYPE;
}

/** A boolean, also sent as the string `"true"` or `"false"`. */
export function readBoolean(value: unknown): boolean | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return WRONG_TYPE;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A number, also sent as a decimal string (`"2500"`). */
export function readNumber(value: unknown): number | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return WRONG_TYPE;
}

/**
 * A value of the wrong type as a message shows it: its JSON text. A value nested deeper than
 * JSON.stringify can go (a 1 MiB body holds 100,000 levels) is named by its kind instead.
 */
export function shownValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '(a deeply nested array)' : '(a deeply nested object)';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when any value anywhere in the body is JSON `null`. Walks with a list rather than by
 * recursion: a body of 1 MiB can nest 100,000 levels deep, past the call stack.
 */
export function containsNull(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null) return true;
    // One by one: spreading a list of 500,000 items into push() overflows the stack too.
    if (Array.isArray(v)) for (const item of v) pending.push(item);
    else if (isPlainObject(v)) for (const item of Object.values(v)) pending.push(item);
  }
  return false;
}

const VENDOR_ID = /^A\d{8}$/;

export function isVendorId(value: string): boolean {
  return VENDOR_ID.test(value);
}

export interface PlaceRequestInput {
  /** The `{vendorId}` segment of the path. */
  pathVendorId: string;
  body: unknown;
  /** What the body parser could not read, if anything (`http/body.ts`). */
  unreadable: BodyProblem | null;
  /** The vendor the gateway bound the request to. */
  vendor: CoupangVendor;
  /** Each kind of place words the vendor mismatch its own way. */
  vendorMismatchMessage: string;
}

/** The path's vendorId: its format, then the key's vendor. */
export function checkPathVendor(
  pathVendorId: string,
  vendor: CoupangVendor,
  vendorMismatchMessage: string,
): RuleResult<string> {
  if (!isVendorId(pathVendorId)) return fail(m.invalidVendorId);
  if (pathVendorId !== vendor.vendorId) return fail(vendorMismatchMessage);
  return { ok: true, value: pathVendorId };
}

/**
 * Everything before the field rules: the path's vendorId (format, then the key's vendor), the
 * body (malformed, content type, not an object, any `null`), then the body's vendorId
 * (missing, format, the key's vendor). Returns the body as an object.
 */
export function checkPlaceRequest(input: PlaceRequestInput): RuleResult<Record<string, unknown>> {
  const { pathVendorId, body, vendor, vendorMismatchMessage } = input;
  const path = checkPathVendor(pathVendorId, vendor, vendorMismatchMessage);
  if (!path.ok) return path;
  if (input.unreadable) return fail(input.unreadable.message);
  if (!isPlainObject(body)) return fail(m.bodyNotObject);
  if (containsNull(body)) return fail(m.nullParam);
  const vendorId = readText(body.vendorId);
  if (vendorId === undefined || vendorId === '') return fail(m.vendorIdRequired);
  if (vendorId === WRONG_TYPE || !isVendorId(vendorId)) return fail(m.invalidVendorId);
  if (vendorId !== vendor.vendorId) return fail(vendorMismatchMessage);
  return { ok: true, value: body };
}

/** An address as the request gave it, with text fields read; the kind of place checks type and country. */
export interface AddressInput {
  /** As sent (numbers as digits); a value of another type reads as its JSON text. */
  addressType: string | undefined;
  countryCode: string | undefined;
  companyContactNumber: string;
  phoneNumber2: string | undefined;
  returnZipCode: string;
  returnAddress: string;
  /** The empty string when not sent. */
  returnAddressDetail: string;
}

export interface SharedFields {
  userId: string;
  /** Undefined only where the kind of place lets it be left out (it keeps its stored value). */
  shippingPlaceName: string | undefined;
  placeAddresses: AddressInput[] | undefined;
  usable: boolean | undefined;
  global: boolean | undefined;
}

export interface SharedRuleOptions {
  /** The vendor's WING login IDs. */
  userIds: readonly string[];
  /** An update that may leave the name out (return centers keep the old name). */
  nameOptional?: boolean;
  /** An update that may leave the addresses out. */
  addressesOptional?: boolean;
}

const PHONE = /^[0-9-]{9,13}$/;
const DIGITS = /^\d+$/;
export const MAX_NAME_LENGTH = 50;
export const MAX_ADDRESS_LENGTH = 150;
export const MAX_ADDRESS_DETAIL_LENGTH = 200;

type RawAddress = Record<string, unknown>;

/** Runs `rule` over every address in order; the first message wins. */
function firstProblem(addresses: RawAddress[], rule: (a: RawAddress) => string | null): string | null {
  for (const address of addresses) {
    const problem = rule(address);
    if (problem) return problem;
  }
  return null;
}

/** A text field that must be present and non-empty: the message when it is not, else null. */
function requiredText(value: unknown, field: string, missing: string): string | null {
  const text = readText(value);
  if (text === WRONG_TYPE) return m.mustBeString(field);
  return text === undefined || text === '' ? missing : null;
}

function text(value: unknown): string {
  const t = readText(value);
  return typeof t === 'string' ? t : '';
}

/** Text for the kind's own checks: absent stays absent, another type reads as its JSON. */
function looseText(value: unknown): string | undefined {
  const t = readText(value);
  return t === WRONG_TYPE ? shownValue(value) : t;
}

/** The shared table's rules, from `userId` to the ROADNAME/JIBUN pairing, in its order. */
export function checkSharedFields(
  body: Record<string, unknown>,
  options: SharedRuleOptions,
): RuleResult<SharedFields> {
  const userId = readText(body.userId);
  if (userId === undefined || userId === '') return fail(m.userIdRequired);
  if (userId === WRONG_TYPE) return fail(m.mustBeString('userId'));
  if (!options.userIds.includes(userId)) return fail(m.userIdUnknown(userId));

  const name = readText(body.shippingPlaceName);
  const nameLeftOut = name === undefined && options.nameOptional;
  if (!nameLeftOut) {
    if (name === WRONG_TYPE) return fail(m.mustBeString('shippingPlaceName'));
    if (name === undefined || name === '') return fail(m.shippingPlaceNameRequired);
    if (name.length > MAX_NAME_LENGTH) return fail(m.shippingPlaceNameTooLong);
  }

  const rawAddresses = body.placeAddresses;
  const addressesLeftOut = rawAddresses === undefined && options.addressesOptional;
  let addresses: RawAddress[] = [];
  if (!addressesLeftOut) {
    if (!Array.isArray(rawAddresses) || rawAddresses.length === 0) return fail(m.placeAddressesRequired);
    const notObject = rawAddresses.findIndex((a) => !isPlainObject(a));
    if (notObject !== -1) return fail(m.placeAddressNotObject(notObject));
    addresses = rawAddresses as RawAddress[];
  }

  const problem =
    firstProblem(addresses, (a) =>
      requiredText(a.companyContactNumber, 'companyContactNumber', m.phoneRequired),
    ) ??
    firstProblem(addresses, (a) => {
      if (!PHONE.test(text(a.companyContactNumber))) return m.phoneFormat;
      const second = readText(a.phoneNumber2);
      if (second === WRONG_TYPE) return m.mustBeString('phoneNumber2');
      return second !== undefined && second !== '' && !PHONE.test(second) ? m.phoneFormat : null;
    }) ??
    firstProblem(addresses, (a) => requiredText(a.returnZipCode, 'returnZipCode', m.zipRequired)) ??
    firstProblem(addresses, (a) => (DIGITS.test(text(a.returnZipCode)) ? null : m.zipNotDigits)) ??
    firstProblem(addresses, (a) => {
      const length = text(a.returnZipCode).length;
      return length < 5 || length > 6 ? m.zipLength : null;
    }) ??
    firstProblem(addresses, (a) => requiredText(a.returnAddress, 'returnAddress', m.addressRequired)) ??
    firstProblem(addresses, (a) => {
      if (text(a.returnAddress).length > MAX_ADDRESS_LENGTH)
        return m.tooLong('returnAddress', MAX_ADDRESS_LENGTH);
      const detail = readText(a.returnAddressDetail);
      if (detail === WRONG_TYPE) return m.mustBeString('returnAddressDetail');
      return (detail ?? '').length > MAX_ADDRESS_DETAIL_LENGTH
        ? m.tooLong('returnAddressDetail', MAX_ADDRESS_DETAIL_LENGTH)
        : null;
    });
  if (problem) return fail(problem);

  const usable = readBoolean(body.usable);
  if (usable === WRONG_TYPE) return fail(m.notBoolean('usable'));
  const global = readBoolean(body.global);
  if (global === WRONG_TYPE) return fail(m.notBoolean('global'));

  const types = addresses.map((a) => looseText(a.addressType));
  if (types.includes('ROADNAME') && !types.includes('JIBUN')) return fail(m.roadnameNeedsJibun);

  return {
    ok: true,
    value: {
      userId,
      shippingPlaceName: nameLeftOut ? undefined : (name as string),
      placeAddresses: addressesLeftOut
        ? undefined
        : addresses.map((a, i) => ({
            addressType: types[i],
            countryCode: looseText(a.countryCode),
            companyContactNumber: text(a.companyContactNumber),
            phoneNumber2: readText(a.phoneNumber2) as string | undefined,
            returnZipCode: text(a.returnZipCode),
            returnAddress: text(a.returnAddress),
            returnAddressDetail: text(a.returnAddressDetail),
          })),
      usable,
      global,
    },
  };
}

/** The distinct (returnAddress, returnAddressDetail) pairs of a place: what duplicates are judged on. */
export function addressKeys(
  addresses: readonly { returnAddress: string; returnAddressDetail: string }[],
): { returnAddress: string; returnAddressDetail: string }[] {
  const seen = new Set<string>();
  const keys: { returnAddress: string; returnAddressDetail: string }[] = [];
  for (const { returnAddress, returnAddressDetail } of addresses) {
    const key = JSON.stringify([returnAddress, returnAddressDetail]);
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push({ returnAddress, returnAddressDetail });
  }
  return keys;
}

export interface PageRequest {
  pageNum: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 50;

function queryValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return value === undefined || value === '' ? undefined : String(value);
}

/** Comma-separated values of a query parameter, sent once or repeated: trimmed, empty ones dropped, in order. */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}

/** `pageNum` (≥ 1, default 1) and `pageSize` (1–50, default 10) of a query string. */
export function checkPaging(query: Record<string, unknown>): RuleResult<PageRequest> {
  const pageNum = queryValue(query.pageNum);
  const pageSize = queryValue(query.pageSize);
  const num = pageNum === undefined ? 1 : DIGITS.test(pageNum) ? Number(pageNum) : Number.NaN;
  if (!Number.isSafeInteger(num) || num < 1) return fail(m.pageNum);
  const size = pageSize === undefined ? 10 : DIGITS.test(pageSize) ? Number(pageSize) : Number.NaN;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return fail(m.pageSize);
  return { ok: true, value: { pageNum: num, pageSize: size } };
}

export interface Pagination {
  currentPage: number;
  totalPages: number;
  totalElements: number;
  countPerPage: number;
}

export function pagination(page: PageRequest, totalElements: number): Pagination {
  return {
    currentPage: page.pageNum,
    totalPages: Math.ceil(totalElements / page.pageSize),
    totalElements,
    countPerPage: page.pageSize,
  };
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `yyyy/MM/dd` of an instant (UNIX seconds) in Korea Standard Time. */
export function koreanDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000 + KST_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
}
