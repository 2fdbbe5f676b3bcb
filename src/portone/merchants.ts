import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { MerchantsTable } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { randomDigits } from '../ids.js';
import { ApiError } from '../http/api-error.js';

export interface NewMerchant {
  name?: string | undefined;
  imp_key?: string | undefined;
  imp_secret?: string | undefined;
}

export interface CreatedMerchant {
  merchant_id: string;
  name: string;
  imp_key: string;
  imp_secret: string;
}

/** The secret is stored only as this hash: keys are random, so a fast hash is enough. */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Creates a sandbox merchant; an imp_key that belongs to another is a 409. */
export async function createMerchant(ctx: AppContext, input: NewMerchant): Promise<CreatedMerchant> {
  const imp_key = input.imp_key ?? randomDigits(16);
  const imp_secret = input.imp_secret ?? randomBytes(40).toString('hex');
  // merchant_id collisions are astronomically rare; a few attempts settle them.
  for (let attempt = 0; ; attempt++) {
    const merchant_id = `imp${randomDigits(8)}`;
    const name = input.name ?? `Merchant ${merchant_id}`;
    try {
      const merchant = {
        merchant_id,
        name,
        imp_key,
        imp_secret_hash: hashSecret(imp_secret),
        created_at: unixSeconds(ctx.clock.of({ merchant: imp_key })),
      };
      await ctx.writes.statement((db) => db.insertInto('merchants').values(merchant).execute());
      return { merchant_id, name, imp_key, imp_secret };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const taken = await findMerchantByKey(ctx, imp_key);
      if (taken) throw new ApiError(409, `imp_key ${imp_key} is already taken`);
      if (attempt >= 5) throw err;
    }
  }
}

// Compiled once: every getToken call looks its merchant up.
const selectMerchantByKey = prepareQuery((db: Db, p: { impKey: string }) =>
  db.selectFrom('merchants').selectAll().where('imp_key', '=', p.impKey),
);

export async function findMerchantByKey(
  ctx: AppContext,
  impKey: string,
): Promise<MerchantsTable | undefined> {
  if (!isStorableText(impKey)) return undefined;
  const { rows } = await selectMerchantByKey.execute(ctx.db, { impKey });
  return rows[0];
}
