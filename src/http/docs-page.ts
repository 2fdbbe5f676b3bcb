/**
 * The `/docs` page: Swagger UI over `/openapi.json`, under baesong's name. The page is
 * @fastify/swagger-ui's; this module only says how it looks.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** baesong's name in the page's top bar, in place of Swagger's logo (the page draws it 40 px high). */
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="190" height="40" viewBox="0 0 190 40">
<rect width="190" height="40" rx="6" fill="#1b1b1b"/>
<text x="14" y="27" font-family="system-ui, sans-serif" font-size="20" font-weight="700" fill="#ffffff">baesong</text>
<text x="102" y="27" font-family="system-ui, sans-serif" font-size="14" fill="#9be39b">배송 API</text>
</svg>`;

export async function registerDocsPage(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list' },
    theme: { title: 'baesong API' },
    logo: { type: 'image/svg+xml', content: Buffer.from(LOGO), href: '/docs' },
  });
}
