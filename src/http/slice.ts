import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import type { ApiError } from './api-error.js';
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
  /**
   * The answer of a request whose write found a row it refers to gone (a foreign key refused it):
   * its tenant was deleted, or the sandbox reset, after the request's checks had found it. As the
   * same request sent now is answered: its token, key or tenant unknown (docs/decisions.md).
   */
  parentGone(request: FastifyRequest): ApiError;
  /** Tags with descriptions for `/openapi.json` (routes may use others, undescribed). */
  tags: OpenApiTag[];
  /**
   * The default answer of a fault (README, Testing the hard cases) of this status, in the platform's
   * envelope, `message` being the status's reason phrase. Platforms that cannot be faulted leave it out.
   */
  renderFault?(status: number, message: string): unknown;
  /**
   * The path template an alias path stands for (`/v5/` for `/v4/`): a request on an alias has the
   * route of the path it stands for. Templates are Fastify's (`/payments/:imp_uid`).
   */
  canonicalRoute?(template: string): string;
  /** Registers the routes, in a scope of their own. */
  routes(app: FastifyInstance, ctx: ServerContext): Promise<void>;
}
