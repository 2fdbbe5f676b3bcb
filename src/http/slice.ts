import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import type { ErrorRenderer } from './errors.js';
import type { Platform } from './platform.js';

/** An OpenAPI tag with the description `/docs` shows above its routes. */
interface OpenApiTag {
  name: string;
  description: string;
}

/**
 * One API served under its own paths (`http/platform.ts`): what `buildApp` needs of it. The
 * shared layer knows no platform; each hands in its envelope and routes through one of these.
 */
export interface ApiSlice {
  platform: Exclude<Platform, 'baesong'>;
  /** Every failure on this platform's paths, in its envelope. */
  renderError: ErrorRenderer;
  /** Tags with descriptions for `/openapi.json` (routes may use others, undescribed). */
  tags: OpenApiTag[];
  /** Registers the routes, in a scope of their own. */
  routes(app: FastifyInstance, ctx: ServerContext): Promise<void>;
}
