import { isUniqueViolation } from './index.js';

/** How many times a write is tried in all when it keeps losing races to concurrent ones. */
const RACE_ATTEMPTS = 5;

/** PostgreSQL ends one of two transactions that wait on each other (e.g. updates swapping addresses). */
function isDeadlock(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '40P01';
}

/**
 * A pause of up to `attempt` milliseconds, drawn at random, before trying again: the writes that
 * lost one race spread out instead of all racing again at once, where only one can win each
 * round (many concurrent Paymentwall calls on one payment outlasted a fixed number of rounds).
 */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * attempt));

/**
 * Runs `attempt` again, after a short random pause, when it lost a race on a unique index (or a
 * PostgreSQL deadlock): the next run reads the winner's rows and answers with the documented
 * message. Documented failures pass through at once; the last loss of `attempts` is thrown.
 */
export async function retryingRaces<T>(
  attempt: () => Promise<T>,
  { attempts = RACE_ATTEMPTS } = {},
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !(isUniqueViolation(err) || isDeadlock(err))) throw err;
    }
    await backOff(i);
  }
}
