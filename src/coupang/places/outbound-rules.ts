/**
 * The rules of outbound shipping places beyond the shared ones, as a pure function: what a
 * create or update request asks for, or the first broken rule's message, in the
 * documented order (README, Coupang: the gateway and outbound shipping places). Duplicate names and addresses are the store's to find.
 */
import { isCourierCode } from '../couriers.js';
import { outboundMessages as o, placeMessages as p } from '../messages.js';
import { listParam } from '../paging.js';
import { type AddressInput, checkSharedFields } from './place-rules.js';
import {
  fail,
  isPlainObject,
  type RuleResult,
  readBoolean,
  readNumber,
  readText,
  shownValue,
  WRONG_TYPE,
} from '../values.js';

const ADDRESS_TYPES = ['JIBUN', 'ROADNAME', 'OVERSEA'] as const;
type AddressType = (typeof ADDRESS_TYPES)[number];

/** An address of an outbound place, as stored and read back. */
export interface OutboundAddress {
  addressType: AddressType;
  countryCode: string;
  companyContactNumber: string;
  phoneNumber2?: string;
  returnZipCode: string;
  returnAddress: string;
  returnAddressDetail: string;
}

/** A remote-area fee entry. */
export interface RemoteInfo {
  remoteInfoId: number;
  deliveryCode: string;
  jeju: number;
  notJeju: number;
  usable: boolean;
}

type NewRemoteInfo = Omit<RemoteInfo, 'remoteInfoId'>;

/** What an update is checked against: the place as stored. */
export interface ExistingOutboundPlace {
  global: boolean;
  usable: boolean;
  remoteInfos: RemoteInfo[];
}

/** What a request that passed every rule asks to store. */
export interface OutboundPlan {
  shippingPlaceName: string;
  usable: boolean;
  global: boolean;
  placeAddresses: OutboundAddress[];
  /** Entries of the place to change (update only), with their final values. */
  changedRemoteInfos: RemoteInfo[];
  newRemoteInfos: NewRemoteInfo[];
}

export interface OutboundRuleOptions {
  userIds: readonly string[];
  /** The place being updated; absent for a create. */
  existing?: ExistingOutboundPlace | undefined;
}

const DEFAULT_COUNTRY = 'KR';

/** An entry of `remoteInfos` as sent: fields left out of a changed entry keep their stored values. */
interface RemoteEntry {
  index: number;
  raw: Record<string, unknown>;
  /** The stored entry this one changes (update, with a `remoteInfoId`). */
  stored: RemoteInfo | undefined;
}

/** Fees are 0, or within the courier's range in steps of 100 won. */
export function feeAllowed(deliveryCode: string, fee: number): boolean {
  if (fee === 0) return true;
  const [min, max] = deliveryCode === 'EPOST' ? [100, 400] : [1000, 20000];
  return fee >= min && fee <= max && fee % 100 === 0;
}

/**
 * Checks a create (no `existing`) or update body, already past the vendorId checks: the
 * shared table's rules first, then the outbound table's, in its order.
 */
export function checkOutboundFields(
  body: Record<string, unknown>,
  options: OutboundRuleOptions,
): RuleResult<OutboundPlan> {
  const shared = checkSharedFields(body, { userIds: options.userIds });
  if (!shared.ok) return shared;
  const { existing } = options;
  const addresses = shared.value.placeAddresses as AddressInput[];

  const badType = addresses.find((a) => !(ADDRESS_TYPES as readonly string[]).includes(a.addressType ?? ''));
  if (badType) return fail(o.addressType(badType.addressType ?? '(none)'));

  if (existing && shared.value.global !== undefined && shared.value.global !== existing.global) {
    return fail(o.globalUnchangeable);
  }
  // Left out, global keeps its stored value on update and is false on create.
  const global = shared.value.global ?? existing?.global ?? false;
  for (const a of addresses) {
    if (a.addressType === 'OVERSEA' && !global) return fail(o.overseaNeedsGlobal);
    if (a.addressType !== 'OVERSEA' && global) return fail(o.domesticNeedsNotGlobal);
  }

  if (addresses.some((a) => a.countryCode !== undefined && a.countryCode.length !== 2)) {
    return fail(o.countryCode);
  }

  const entries = readRemoteEntries(body.remoteInfos, existing);
  if (!entries.ok) return entries;
  const remote = checkRemoteInfos(entries.value, existing);
  if (!remote.ok) return remote;

  return {
    ok: true,
    value: {
      shippingPlaceName: shared.value.shippingPlaceName as string,
      usable: shared.value.usable ?? existing?.usable ?? true,
      global,
      placeAddresses: addresses.map((a) => ({
        addressType: a.addressType as AddressType,
        countryCode: a.countryCode ?? DEFAULT_COUNTRY,
        companyContactNumber: a.companyContactNumber,
        ...(a.phoneNumber2 !== undefined ? { phoneNumber2: a.phoneNumber2 } : {}),
        returnZipCode: a.returnZipCode,
        returnAddress: a.returnAddress,
        returnAddressDetail: a.returnAddressDetail,
      })),
      ...remote.value,
    },
  };
}

/** The structure of `remoteInfos`, each courier code, and (update) each `remoteInfoId`. */
function readRemoteEntries(
  value: unknown,
  existing: ExistingOutboundPlace | undefined,
): RuleResult<RemoteEntry[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return fail(o.remoteInfosNotArray);
  const notObject = value.findIndex((e) => !isPlainObject(e));
  if (notObject !== -1) return fail(o.remoteInfoNotObject(notObject));
  const raws = value as Record<string, unknown>[];

  // Courier codes first: a new entry needs one, and any code given must be Coupang's.
  for (const [index, raw] of raws.entries()) {
    const code = readText(raw.deliveryCode);
    const changesStored = existing !== undefined && raw.remoteInfoId !== undefined;
    if (code === undefined || code === '') {
      if (!changesStored) return fail(o.deliveryCodeRequired(index));
      continue;
    }
    const shown = code === WRONG_TYPE ? shownValue(raw.deliveryCode) : code;
    if (code === WRONG_TYPE || !isCourierCode(code)) return fail(o.deliveryCodeUnknown(shown));
  }

  // On create, ids are the server's to give: any sent are ignored.
  const entries: RemoteEntry[] = [];
  const seenIds = new Set<number>();
  for (const [index, raw] of raws.entries()) {
    if (!existing || raw.remoteInfoId === undefined) {
      entries.push({ index, raw, stored: undefined });
      continue;
    }
    const id = readNumber(raw.remoteInfoId);
    const shown = typeof raw.remoteInfoId === 'string' ? raw.remoteInfoId : shownValue(raw.remoteInfoId);
    const stored =
      typeof id === 'number' ? existing.remoteInfos.find((r) => r.remoteInfoId === id) : undefined;
    if (!stored) return fail(o.remoteInfoIdUnknown(shown));
    if (seenIds.has(stored.remoteInfoId)) return fail(o.remoteInfoIdTwice(shown));
    seenIds.add(stored.remoteInfoId);
    entries.push({ index, raw, stored });
  }
  return { ok: true, value: entries };
}

/** Fees and switches of each entry, couriers standing twice, then the fee ranges. */
function checkRemoteInfos(
  entries: RemoteEntry[],
  existing: ExistingOutboundPlace | undefined,
): RuleResult<Pick<OutboundPlan, 'changedRemoteInfos' | 'newRemoteInfos'>> {
  const merged: (NewRemoteInfo & { remoteInfoId?: number })[] = [];
  for (const { index, raw, stored } of entries) {
    const fees: Record<'jeju' | 'notJeju', number> = { jeju: 0, notJeju: 0 };
    for (const field of ['jeju', 'notJeju'] as const) {
      const fee = readNumber(raw[field]);
      if (fee === WRONG_TYPE || (fee === undefined && !stored)) return fail(o.feeNotNumber(field, index));
      fees[field] = fee ?? (stored as RemoteInfo)[field];
    }
    const usable = readBoolean(raw.usable);
    if (usable === WRONG_TYPE) return fail(p.notBoolean(`usable of remoteInfos[${index}]`));
    const code = readText(raw.deliveryCode);
    merged.push({
      ...(stored ? { remoteInfoId: stored.remoteInfoId } : {}),
      deliveryCode: typeof code === 'string' && code !== '' ? code : (stored as RemoteInfo).deliveryCode,
      jeju: fees.jeju,
      notJeju: fees.notJeju,
      usable: usable ?? stored?.usable ?? true,
    });
  }

  const twice = existing ? twiceAmongSwitchedOn(merged, existing) : twiceInRequest(merged);
  if (twice) return fail(o.deliveryCodeTwice(twice));

  const isEpost = (e: NewRemoteInfo) => e.deliveryCode === 'EPOST';
  const feesOutOfRange = (e: NewRemoteInfo) =>
    !feeAllowed(e.deliveryCode, e.jeju) || !feeAllowed(e.deliveryCode, e.notJeju);
  if (merged.some((e) => isEpost(e) && feesOutOfRange(e))) return fail(o.epostFee);
  if (merged.some((e) => !isEpost(e) && feesOutOfRange(e))) return fail(o.fee);

  return {
    ok: true,
    value: {
      changedRemoteInfos: merged.filter((e): e is RemoteInfo => e.remoteInfoId !== undefined),
      newRemoteInfos: merged.filter((e) => e.remoteInfoId === undefined),
    },
  };
}

function firstRepeated(codes: string[]): string | undefined {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) return code;
    seen.add(code);
  }
  return undefined;
}

/** On create: any courier given twice. */
function twiceInRequest(entries: NewRemoteInfo[]): string | undefined {
  return firstRepeated(entries.map((e) => e.deliveryCode));
}

/** On update: a courier that would stand twice among the place's switched-on entries afterwards. */
function twiceAmongSwitchedOn(
  entries: (NewRemoteInfo & { remoteInfoId?: number })[],
  existing: ExistingOutboundPlace,
): string | undefined {
  const changed = new Set(entries.map((e) => e.remoteInfoId).filter((id) => id !== undefined));
  const after = [...existing.remoteInfos.filter((r) => !changed.has(r.remoteInfoId)), ...entries];
  return firstRepeated(after.filter((e) => e.usable).map((e) => e.deliveryCode));
}

/**
 * An update body's `outboundShippingPlaceCode`, when it gives one, must be the path's: the same
 * number, or the same text where the path's is not a number.
 */
export function checkBodyPlaceCode(
  body: Record<string, unknown>,
  rawPathCode: string,
  pathCode: number | undefined,
): RuleResult<null> {
  const value = body.outboundShippingPlaceCode;
  if (value === undefined) return { ok: true, value: null };
  const given = readNumber(value);
  if (given !== WRONG_TYPE && given === pathCode) return { ok: true, value: null };
  const shown = readText(value);
  return fail(o.placeCodeMismatch(shown === WRONG_TYPE ? shownValue(value) : String(shown), rawPathCode));
}

/** The outbound query's lookup by `placeCodes` and/or `placeNames` (each distinct), or none. */
export interface PlaceLookup {
  placeCodes?: number[];
  placeNames?: string[];
}

const distinct = (items: string[] | undefined) => (items ? [...new Set(items)] : undefined);

/** The lookup the query asks for, when it asks for one; codes must be whole numbers. */
export function checkPlaceLookup(query: Record<string, unknown>): RuleResult<PlaceLookup | undefined> {
  const codes = distinct(listParam(query.placeCodes));
  const names = distinct(listParam(query.placeNames));
  if (!codes && !names) return { ok: true, value: undefined };
  if (codes?.some((c) => !/^\d+$/.test(c) || !Number.isSafeInteger(Number(c)))) {
    return fail(o.placeCodesInvalid(String(query.placeCodes)));
  }
  return {
    ok: true,
    value: {
      ...(codes ? { placeCodes: codes.map(Number) } : {}),
      ...(names ? { placeNames: names } : {}),
    },
  };
}
