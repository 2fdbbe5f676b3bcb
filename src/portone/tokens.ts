import { randomBytes } from 'node:crypto';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { isStorableText } from '../db/text.js';
import type { AccessToken } from './schemas.js';

/** A token lives 30 minutes. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;
/** Asking again within the token's last minute (the 60th second included)... */
export const RENEWAL_WINDOW_SECONDS = 60;
/** ...extends it by five minutes. */
export const RENEWAL_EXTENSION_SECONDS = 5 * 60;

/**
 * The merchant's current token, as `POST /users/getToken` answers it: the same token
 * while it is valid (extended when in its last minute), a new one once it has expired.
 * Each step is one conditional statement, so concurrent calls, on one instance or many
 * sharing a database, all end with the same token and extend it at most once.
 */
export async function currentToken(ctx: AppContext, merchantId: string): Promise<AccessToken> {
  const now = unixSeconds(ctx.clock);
  const fresh = randomBytes(20).toString('hex');

  // A new token, unless a valid one exists (the update only fires over an expired one).
  const issued = await ctx.db
    .insertInto('tokens')
    .values({ merchant_id: merchantId, access_token: fresh, expired_at: now + TOKEN_LIFETIME_SECONDS })
    .onConflict((oc) =>
      oc
        .column('merchant_id')
        .doUpdateSet((eb) => ({
          access_token: eb.ref('excluded.access_token'),
          expired_at: eb.ref('excluded.expired_at'),
        }))
        .where('tokens.expired_at', '<=', now),
    )
    .returning(['access_token', 'expired_at'])
    .executeTakeFirst();
  if (issued) return { access_token: issued.access_token, now, expired_at: Number(issued.expired_at) };

  // A valid token in its last minute is extended, once.
  const extended = await ctx.db
    .updateTable('tokens')
    .set((eb) => ({ expired_at: eb('expired_at', '+', RENEWAL_EXTENSION_SECONDS) }))
    .where('merchant_id', '=', merchantId)
    .where('expired_at', '>', now)
    .where('expired_at', '<=', now + RENEWAL_WINDOW_SECONDS)
    .returning(['access_token', 'expired_at'])
    .executeTakeFirst();
  if (extended) return { access_token: extended.access_token, now, expired_at: Number(extended.expired_at) };

  const current = await ctx.db
    .selectFrom('tokens')
    .select(['access_token', 'expired_at'])
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  return { access_token: current.access_token, now, expired_at: Number(current.expired_at) };
}

/** The merchant a valid token belongs to, or undefined for an unknown or expired token. */
export async function merchantOfToken(ctx: AppContext, token: string): Promise<string | undefined> {
  if (!isStorableText(token)) return undefined;
  const row = await ctx.db
    .selectFrom('tokens')
    .select('merchant_id')
    .where('access_token', '=', token)
    .where('expired_at', '>', unixSeconds(ctx.clock))
    .executeTakeFirst();
  return row?.merchant_id;
}

/**
 * The token a request carries: `Authorization: <token>`, `Authorization: Bearer <token>`
 * or `X-ImpTokenHeader: <token>`; when both headers come, Authorization wins.
 */
export function tokenFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const authorization = first(headers.authorization)?.trim();
  if (authorization) {
    const bearer = /^bearer\s+(.+)$/i.exec(authorization);
    return bearer ? bearer[1]?.trim() : authorization;
  }
  const legacy = first(headers['x-imptokenheader'])?.trim();
  return legacy || undefined;
}
