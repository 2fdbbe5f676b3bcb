#!/usr/bin/env node
/**
 * `baesong`: serve, seed demo data, import escrow deliveries from a CSV (cli/program.ts).
 */
import { runCli } from './cli/program.js';

await runCli(process.argv);
