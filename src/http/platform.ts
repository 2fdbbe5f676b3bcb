/**
 * Which platform a path belongs to decides the envelope of every answer on it,
 * errors included (README, Routes; docs/contract.md).
 */
export type Platform = 'portone' | 'coupang' | 'sandbox' | 'baesong';

const OWN_PATHS = new Set(['/healthz', '/openapi.json']);

export function platformOf(url: string): Platform {
  const q = url.indexOf('?');
  // A request target in absolute form (`GET http://host/path`, as sent to proxies) is routed by
  // its path, so its envelope is chosen by its path too.
  const path = (q === -1 ? url : url.slice(0, q)).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  if (path.startsWith('/v2/providers/')) return 'coupang';
  if (path === '/sandbox' || path.startsWith('/sandbox/')) return 'sandbox';
  if (OWN_PATHS.has(path) || isUnder(path, '/docs') || isUnder(path, '/console')) return 'baesong';
  return 'portone';
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
