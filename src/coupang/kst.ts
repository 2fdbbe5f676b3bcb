/** Coupang's calendar is Korea Standard Time (UTC+9, no daylight saving). */
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `yyyy/MM/dd` of an instant (UNIX seconds) in Korea Standard Time. */
export function koreanDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000 + KST_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
}
