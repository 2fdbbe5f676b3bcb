import { randomBytes } from 'node:crypto';
import { type Clock, unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import { isStorableText } from '../db/text.js';
import type { AccessToken } from './schemas.js';

/** A token lives 30 minutes. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;
/** Asking again within the token's last minute (the 60th second included)... */
const RENEWAL_WINDOW_SECONDS = 60;
/** ...extends it by five minutes. */
const RENEWAL_EXTENSION_SECONDS = 5 * 60;

// The statements of a token's life, compiled once: every guarded request checks a token.

/** A valid token that no call at `now` would extend (outside its last minute). */
const selectSettledToken = prepareQuery((db: Db, p: { merchantId: string; renewalFrom: number }) =>
  db
    .selectFrom('tokens')
    .select(['access_token', 'expired_at'])
    .where('merchant_id', '=', p.merchantId)
    .where('expired_at', '>', p.renewalFrom),
);

/** A new token, unless a valid one exists (the update only fires over an expired one). */
const issueToken = prepareQuery(
  (db: Db, p: { merchantId: string; token: string; now: number; expiredAt: number }) =>
    db
      .insertInto('tokens')
      .values({ merchant_id: p.merchantId, access_token: p.token, expired_at: p.expiredAt })
      .onConflict((oc) =>
        oc
          .column('merchant_id')
          .doUpdateSet((eb) => ({
            access_token: eb.ref('excluded.access_token'),
            expired_at: eb.ref('excluded.expired_at'),
          }))
          .where('tokens.expired_at', '<=', p.now),
      )
      .returning(['access_token', 'expired_at']),
);

/** A valid token in its last minute is extended, once. */
const extendToken = prepareQuery((db: Db, p: { merchantId: string; now: number; renewalFrom: number }) =>
  db
    .updateTable('tokens')
    .set((eb) => ({ expired_at: eb('expired_at', '+', RENEWAL_EXTENSION_SECONDS) }))
    .where('merchant_id', '=', p.merchantId)
    .where('expired_at', '>', p.now)
    .where('expired_at', '<=', p.renewalFrom)
    .returning(['access_token', 'expired_at']),
);

const selectToken = prepareQuery((db: Db, p: { merchantId: string }) =>
  db.selectFrom('tokens').select(['access_token', 'expired_at']).where('merchant_id', '=', p.merchantId),
);

// Without a time condition: whether it has expired is judged by its merchant's clock, known only from the row.
const selectMerchantOfToken = prepareQuery((db: Db, p: { token: string }) =>
  db
    .selectFrom('tokens')
    .innerJoin('merchants', 'merchants.merchant_id', 'tokens.merchant_id')
    .select(['tokens.merchant_id', 'merchants.imp_key', 'tokens.expired_at'])
    .where('tokens.access_token', '=', p.token),
);

function answer(now: number, row: { access_token: string; expired_at: number }): AccessToken {
  return { access_token: row.access_token, now, expired_at: Number(row.expired_at) };
}

/**
 * The merchant's current token, as `POST /users/getToken` answers it: the same token
 * while it is valid (extended when in its last minute), a new one once it has expired.
 * Each step is one conditional statement, so concurrent calls, on one instance or many
 * sharing a database, all end with the same token and extend it at most once. `clock` is the
 * merchant's (`ctx.clock.of`), which its tokens live by.
 */
export async function currentToken(ctx: AppContext, merchantId: string, clock: Clock): Promise<AccessToken> {
  const now = unixSeconds(clock);
  const renewalFrom = now + RENEWAL_WINDOW_SECONDS;

  // Most calls find a valid token outside its last minute, which no call at this second can
  // replace or extend: a read answers them, without taking the database's write lock.
  const {
    rows: [settled],
  } = await selectSettledToken.execute(ctx.db, { merchantId, renewalFrom });
  if (settled) return answer(now, settled);

  const token = randomBytes(20).toString('hex');
  const expiredAt = now + TOKEN_LIFETIME_SECONDS;
  const {
    rows: [issued],
  } = await ctx.writes.statement((db) => issueToken.execute(db, { merchantId, token, now, expiredAt }));
  if (issued) return answer(now, issued);

  const {
    rows: [extended],
  } = await ctx.writes.statement((db) => extendToken.execute(db, { merchantId, now, renewalFrom }));
  if (extended) return answer(now, extended);

  const {
    rows: [current],
  } = await selectToken.execute(ctx.db, { merchantId });
  if (!current) throw new Error(`merchant ${merchantId} has no token after issuing one`);
  return answer(now, current);
}

/**
 * The merchant a valid token belongs to, or undefined for an unknown or expired token. A token
 * expires by its merchant's clock (`ctx.clock.of`): one read finds the token and its merchant.
 */
export async function merchantOfToken(
  ctx: AppContext,
  token: string,
): Promise<{ merchantId: string; impKey: string } | undefined> {
  if (!isStorableText(token)) return undefined;
  const {
    rows: [row],
  } = await selectMerchantOfToken.execute(ctx.db, { token });
  if (!row) return undefined;
  // A token is expired from expired_at on.
  if (Number(row.expired_at) <= unixSeconds(ctx.clock.of({ merchant: row.imp_key }))) return undefined;
  return { merchantId: row.merchant_id, impKey: row.imp_key };
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
