import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';

/** What every route plugin is given: the checked configuration, the database and the clock. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
}
