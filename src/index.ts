export type { Clock } from './clock.js';
export { ManualClock, systemClock } from './clock.js';
export type { Config } from './config.js';
export { ConfigError, loadConfig } from './config.js';
export type { SignOptions as CoupangSignOptions } from './coupang/gateway/hmac.js';
export { authorization as coupangAuthorization } from './coupang/gateway/hmac.js';
export type { BuildOptions, HttpLimits, RunningServer, StartOptions } from './server.js';
export { buildApp, startServer } from './server.js';
