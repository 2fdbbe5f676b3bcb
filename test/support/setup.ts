import { afterAll } from 'vitest';
import { dropFileSchemas } from './server.js';

// Each test file's PostgreSQL schemas go when the file ends, so the next file starts clean.
afterAll(dropFileSchemas);
