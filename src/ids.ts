import { randomInt } from 'node:crypto';

/** `n` random decimal digits, for identifiers the platforms write as digit strings. */
export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += randomInt(10).toString();
  return s;
}
