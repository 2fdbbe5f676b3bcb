/**
 * The query of the order sheet and return request lists (pure): the KST date span, the page size
 * and the page token, checked in the contract's order with its texts.
 */
import { kstDay, kstDayStartMs } from '../kst.js';
import { fail, type RuleResult } from '../values.js';
import { orderMessages as m } from './messages.js';

export interface DatedPage {
  /** Paid (or created) at or after, and before (epoch milliseconds). */
  fromMs: number;
  untilMs: number;
  /** `searchType=timeFrame`: every match at once, no token. */
  minuteMode: boolean;
  limit: number;
  /** The page starts after this id (digits, unpadded); '' for the first page. */
  after: string;
}

const MAX_PER_PAGE = 50;
const DAY_MODE_MAX_DAYS = 31;

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

// `+09:00` may come encoded (`%2B09:00`) or as a `+` a form decoder turned into a space.
const OFFSET = '(?:[+ ]09:00)?';
const DAY = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${OFFSET}$`);
const MINUTE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})${OFFSET}$`);

/** The instant (epoch ms) a KST wall-clock date and time stand for, or undefined when there is no such date. */
function kstInstant(y: number, mo: number, d: number, h = 0, mi = 0): number | undefined {
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  if (h > 23 || mi > 59) return undefined;
  return kstDayStartMs(Math.floor(utc / 86_400_000)) + (h * 60 + mi) * 60_000;
}

function readDate(value: string, minuteMode: boolean): number | undefined {
  const match = (minuteMode ? MINUTE : DAY).exec(value);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number?, number?];
  return kstInstant(y, mo, d, h, mi);
}

/**
 * The dated page of a list query. `checkStatus` judges the route's own status parameter, which
 * the contract puts after the dates and before the paging.
 */
export function checkDatedPage(
  query: Record<string, unknown>,
  options: { minuteSpanDays: number; checkStatus: () => RuleResult<unknown> },
): RuleResult<DatedPage> {
  const minuteMode = single(query.searchType) === 'timeFrame';
  const rawFrom = single(query.createdAtFrom);
  const rawTo = single(query.createdAtTo);
  if (rawFrom === undefined) return fail(m.requiredParam('createdAtFrom'));
  if (rawTo === undefined) return fail(m.requiredParam('createdAtTo'));
  const format = minuteMode ? m.minuteFormat : m.dateFormat;
  const from = readDate(rawFrom, minuteMode);
  if (from === undefined) return fail(format('createdAtFrom'));
  const to = readDate(rawTo, minuteMode);
  if (to === undefined) return fail(format('createdAtTo'));
  const status = options.checkStatus();
  if (!status.ok) return status;

  const rawMax = single(query.maxPerPage);
  let limit = MAX_PER_PAGE;
  if (rawMax !== undefined && rawMax !== '') {
    if (!/^\d{1,9}$/.test(rawMax) || Number(rawMax) < 1) return fail(m.maxPerPage);
    limit = Math.min(Number(rawMax), MAX_PER_PAGE);
  }
  const token = single(query.nextToken) ?? '';
  if (token !== '' && !/^\d+$/.test(token)) return fail(m.nextToken);

  if (to < from) return fail(m.rangeReversed);
  const days = kstDay(to) - kstDay(from) + 1;
  if (minuteMode && options.minuteSpanDays === 1 && days > 1) return fail(m.minuteRange);
  if (days > (minuteMode ? options.minuteSpanDays : DAY_MODE_MAX_DAYS)) return fail(m.dayRange);
  const untilMs = minuteMode ? to + 60_000 : kstDayStartMs(kstDay(to) + 1);
  return {
    ok: true,
    value: { fromMs: from, untilMs, minuteMode, limit, after: token.replace(/^0+(?=\d)/, '') },
  };
}

/**
 * The page token as a stored id of `width` digits compares: ids are fixed-width text. A token
 * longer than any id is past them all.
 */
export function afterKey(after: string, width: number): string {
  if (after === '') return '';
  return after.length > width ? '9'.repeat(width + 1) : after.padStart(width, '0');
}

/** The page and the next token: the last id when more follow, else `""`. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  idOf: (row: T) => string,
): { page: T[]; nextToken: string } {
  if (rows.length <= limit) return { page: rows, nextToken: '' };
  const page = rows.slice(0, limit);
  return { page, nextToken: idOf(page[page.length - 1] as T) };
}
