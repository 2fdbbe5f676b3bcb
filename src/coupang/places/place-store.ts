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
