/** Page requests and answers of the Coupang list routes (`pageNum`, `pageSize`, `pagination`). */
import { placeMessages as m } from './messages.js';
import { fail, type RuleResult } from './values.js';

const DIGITS = /^\d+$/;

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
