import { sql } from 'kysely';
import { isUniqueViolation } from '../../db/index.js';
import type { ApiError } from '../../http/api-error.js';

/**
 * Runs a place's write (a transaction, or one statement). When a unique index refuses it (a name or an address that
 * another place of the vendor holds, perhaps a concurrent twin), it is rolled back and
 * `duplicateOf` names the documented duplicate; when that finds none (the winner is gone
 * since), the violation is thrown on, for the caller's retry to try again.
 */
export async function refusingDuplicates<T>(
  write: () => Promise<T>,
  duplicateOf: () => Promise<ApiError | undefined>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw (await duplicateOf()) ?? err;
  }
}

/**
 * PostgreSQL: a create's address keys as rows `k(return_address, return_address_detail)`, from two
 * arrays of one parameter each, so that a one-statement create (outbound place, return center)
 * keeps one shape whatever the number of addresses, and is compiled once.
 */
export function unnestedAddressKeys(addresses: string[], details: string[]) {
  return sql<{
    return_address: string;
    return_address_detail: string;
  }>`unnest(${addresses}::text[], ${details}::text[])`.as<'k'>(sql`k(return_address, return_address_detail)`);
}
