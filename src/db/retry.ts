import { isUniqueViolation } from './index.js';

/** How many times a write is tried again after losing a race to a concurrent one. */
const RACE_ATTEMPTS = 5;

/** PostgreSQL ends one of two transactions that wait on each other (e.g. updates swapping addresses). */
function isDeadlock(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '40P01';
}

/**
 * Runs `attempt` again when it lost a race on a unique index: the next run reads the winner's
 * rows and answers with the documented message. Documented failures pass through.
 */
export async function retryingRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i < RACE_ATTEMPTS && (isUniqueViolation(err) || isDeadlock(err))) continue;
      throw err;
    }
  }
}
