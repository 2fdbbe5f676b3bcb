/**
 * `GET /console`: the web console (`console/`, built by `npm run build` into `dist/console/`),
 * served as static files. It is a page over the `/sandbox` API and holds nothing of its own.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where the build writes the console. From `src/http/` (tests, `npm run dev`) and from
 * `dist/http/` (the build; the bundle keeps this module's URL) alike, it is `dist/console/`.
 */
export const CONSOLE_ROOT = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/**
 * The page may load only what the server itself serves, and talk only to it: no CDN, no
 * external font, no request to another host even if a dependency tried one.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  // Preact sets element styles; no stylesheet comes from elsewhere.
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Serves the built console under `/console/` (`/console` redirects there), or says how to build it. */
export async function serveConsole(app: FastifyInstance, root = CONSOLE_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build`, then start baesong again.\n'),
    );
    return;
  }
  // `/console` → `/console/`, so that the page's relative asset URLs resolve under it.
  app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/console/', 301),
  );
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    // @fastify/swagger-ui registers its own copy of the plugin, with the reply decorators.
    decorateReply: false,
    // Set below, per file.
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      res.setHeader('x-content-type-options', 'nosniff');
      // Assets are named by their content; the page itself must be read again after a rebuild.
      res.setHeader(
        'cache-control',
        relative(root, path).startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
