import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db, Writes } from './db/index.js';

/** What every route plugin is given: the checked configuration, the database and the clock. */
export interface AppContext {
  config: Config;
  /** Reads; every write goes through `writes`. */
  db: Db;
  writes: Writes;
  clock: Clock;
}
