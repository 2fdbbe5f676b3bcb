#!/usr/bin/env node
/**
 * `baesong`: serve, seed demo data, import escrow deliveries from a CSV, read the request journal
 * (cli/program.ts).
 */
import { runCli } from './cli/program.js';

await runCli(process.argv);
