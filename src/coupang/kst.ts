/** Coupang's calendar is Korea Standard Time (UTC+9, no daylight saving). */
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** The fields of an instant (epoch milliseconds) on a Korean wall clock. */
function kstFields(ms: number) {
  const d = new Date(ms + KST_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
    time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
    millis: String(d.getUTCMilliseconds()).padStart(3, '0'),
  };
}

/** `yyyy/MM/dd` of an instant (UNIX seconds) in Korea Standard Time. */
export function koreanDate(unixSeconds: number): string {
  return kstFields(unixSeconds * 1000).date.replaceAll('-', '/');
}

/** How the order APIs write an instant: v4 `yyyy-MM-ddTHH:mm:ss` (or with a space), v5 with microseconds and the offset. */
export type KstTimeFormat = 'v4' | 'v4-space' | 'v5';

export function kstTime(ms: number, format: KstTimeFormat): string {
  const { date, time, millis } = kstFields(ms);
  if (format === 'v4') return `${date}T${time}`;
  if (format === 'v4-space') return `${date} ${time}`;
  return `${date}T${time}.${millis}000+09:00`;
}

/** The KST calendar day (days since the epoch) of an instant. */
export function kstDay(ms: number): number {
  return Math.floor((ms + KST_OFFSET_MS) / 86_400_000);
}

/** The first instant (epoch milliseconds) of a KST calendar day. */
export function kstDayStartMs(day: number): number {
  return day * 86_400_000 - KST_OFFSET_MS;
}
