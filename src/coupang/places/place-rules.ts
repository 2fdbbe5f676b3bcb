/**
 * The rules shared by both kinds of Coupang shipping place (outbound places and return
 * centers), as pure functions. Each returns the first broken rule's message, checking in the
 * documented order (README, Coupang): the path's vendorId, the body, the body's vendorId, then
 * the shared field rules in the order of their table.
 */
import type { BodyProblem } from '../../http/body.js';
import { placeMessages as m } from '../messages.js';
import { checkPathVendor, isVendorId } from '../vendor-ids.js';
import {
  containsNull,
  fail,
  isPlainObject,
  readBoolean,
  readText,
  type RuleResult,
  shownValue,
  WRONG_TYPE,
} from '../values.js';
import type { CoupangVendor } from '../vendors.js';

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
const MAX_NAME_LENGTH = 50;
const MAX_ADDRESS_LENGTH = 150;
const MAX_ADDRESS_DETAIL_LENGTH = 200;

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
