#!/usr/bin/env node
/**
 * `npm start`: serves with the configuration of the environment (README, Configuration),
 * exactly as `baesong serve` without options does.
 */
import { loadConfig } from './config.js';
import { runServerProcess } from './server-process.js';

await runServerProcess(() => loadConfig(process.env));
