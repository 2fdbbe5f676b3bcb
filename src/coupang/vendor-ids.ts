import { placeMessages as m } from './messages.js';
import { fail, type RuleResult } from './values.js';
import type { CoupangVendor } from './vendors.js';

const VENDOR_ID = /^A\d{8}$/;

export function isVendorId(value: string): boolean {
  return VENDOR_ID.test(value);
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
