/**
 * The `/docs` page: Swagger UI over `/openapi.json`, under baesong's name, with a Coupang signer
 * so that the Coupang routes can be tried from it. The page is @fastify/swagger-ui's; this module
 * says how it looks and adds the signer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_ROOT } from './console.js';

/** baesong's name in the page's top bar, in place of Swagger's logo (the page draws it 40 px high). */
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="190" height="40" viewBox="0 0 190 40">
<rect width="190" height="40" rx="6" fill="#1b1b1b"/>
<text x="14" y="27" font-family="system-ui, sans-serif" font-size="20" font-weight="700" fill="#ffffff">baesong</text>
<text x="102" y="27" font-family="system-ui, sans-serif" font-size="14" fill="#9be39b">배송 API</text>
</svg>`;

/**
 * The signer (console/src/docs-signer.ts), built with the console: a form for a vendor's keys and
 * `baesongSignRequest`, which signs a Coupang request. Without a build, the page has no signer.
 */
function signerScript(consoleRoot: string): string | undefined {
  try {
    return readFileSync(join(consoleRoot, 'docs-signer.js'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Swagger UI's request interceptor. The plugin sends the page a function's `toString()`, which
 * differs with whatever compiled this module; this one says exactly what the page runs: the
 * signer, loaded after the page is set up, signs what it may.
 */
const INTERCEPTOR_SOURCE =
  '(request) => (globalThis.baesongSignRequest ? globalThis.baesongSignRequest(request) : request)';
const signWhenLoaded = Object.assign(<R>(request: R): R => request, { toString: () => INTERCEPTOR_SOURCE });

export async function registerDocsPage(app: FastifyInstance, consoleRoot = CONSOLE_ROOT): Promise<void> {
  const signer = signerScript(consoleRoot);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', ...(signer ? { requestInterceptor: signWhenLoaded } : {}) },
    theme: {
      title: 'baesong API',
      ...(signer ? { js: [{ filename: 'coupang-signer.js', content: signer }] } : {}),
    },
    logo: { type: 'image/svg+xml', content: Buffer.from(LOGO), href: '/docs' },
  });
}
