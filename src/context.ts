import type { AppClock } from './clock.js';
import type { Config } from './config.js';
import type { Db, Writes } from './db/index.js';
import type { SandboxClock } from './sandbox/clock/store.js';

/** What every route plugin and store is given: the checked configuration, the database and the clock. */
export interface AppContext {
  config: Config;
  /** Reads; every write goes through `writes`. */
  db: Db;
  writes: Writes;
  /** The sandbox clock: `nowMs()` the global clock, `of(tenant)` a tenant's, `real` real time. */
  clock: AppClock;
  /**
   * The webhook sender of this instance, woken once an event's webhook is committed (so it goes
   * out at once rather than at the sender's next look); absent where no server runs.
   */
  webhooks?: { wake(): void };
}

/** The context `buildApp` hands each slice: its clock is the one kept in the database, which the sandbox moves. */
export interface ServerContext extends AppContext {
  clock: SandboxClock;
}
