/**
 * PortOne's courier codes: the superset of developers.portone.io and the iamport manual
 * (docs/contract.md, Sources). PortOne applies one table whatever the PG.
 */
export const COURIER_CODES = [
  'HYUNDAI',
  'HANARO',
  'SAGAWA',
  'KGB',
  'YELLOWCAP',
  'DONGBU',
  'EPOST',
  'CJGLS',
  'HANJIN',
  'DAESIN',
  'ETC',
  'REGISTPOST',
  'CHUNIL',
  'ILYANG',
  'CVSNET',
  'KDEXP',
  'HONAM',
  'HDEXP',
  'LOGEN',
  'KOREX',
] as const;

export type CourierCode = (typeof COURIER_CODES)[number];

const known = new Set<string>(COURIER_CODES);

/** Any other value is stored and returned as ETC, as the real service does. */
export function normalizeCourier(company: string): CourierCode {
  return known.has(company) ? (company as CourierCode) : 'ETC';
}
