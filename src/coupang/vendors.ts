import { randomBytes, randomUUID } from 'node:crypto';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { CoupangVendorContractsTable } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { randomDigits } from '../ids.js';
import type { ReturnCourierCode } from './couriers.js';
import { ApiError } from '../http/api-error.js';

/** A vendor as the gateway binds it to a request. */
export interface CoupangVendor {
  vendorId: string;
  /** The vendor's WING login IDs: a request's `userId` must be one of them. */
  userIds: string[];
}

export interface VendorContract {
  deliverCode: ReturnCourierCode;
  contractNumber: string;
  contractCustomerNumber?: string | undefined;
  confirmed: boolean;
}

export interface NewVendor {
  vendorId?: string | undefined;
  userIds?: string[] | undefined;
  contracts?: VendorContract[] | undefined;
}

export interface CreatedVendor {
  vendorId: string;
  accessKey: string;
  secretKey: string;
  userIds: string[];
  /** null when none were given: then any contract number of 1 to 20 digits is accepted, confirmed. */
  contracts: VendorContract[] | null;
}

const DEFAULT_USER_IDS = ['wing-user'];

/** Creates a sandbox vendor with a fresh key; a vendorId already in use is a 409. */
export async function createVendor(ctx: AppContext, input: NewVendor): Promise<CreatedVendor> {
  const accessKey = randomUUID();
  const secretKey = randomBytes(20).toString('hex');
  const userIds = [...new Set(input.userIds ?? DEFAULT_USER_IDS)];
  const contracts = input.contracts ?? null;
  // A generated vendorId may collide with a taken one; a few attempts settle it.
  for (let attempt = 0; ; attempt++) {
    const vendorId = input.vendorId ?? `A${randomDigits(8)}`;
    try {
      await ctx.writes.transaction(async (trx) => {
        await trx
          .insertInto('coupang_vendors')
          .values({
            vendor_id: vendorId,
            access_key: accessKey,
            secret_key: secretKey,
            user_ids: JSON.stringify(userIds),
            contracts_on_file: contracts ? 1 : 0,
            created_at: unixSeconds(ctx.clock.of({ vendor: vendorId })),
          })
          .execute();
        if (contracts && contracts.length > 0) {
          await trx
            .insertInto('coupang_vendor_contracts')
            .values(contracts.map((c) => toContractRow(vendorId, c)))
            .execute();
        }
      });
      return { vendorId, accessKey, secretKey, userIds, contracts };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const taken = await ctx.db
        .selectFrom('coupang_vendors')
        .select('vendor_id')
        .where('vendor_id', '=', vendorId)
        .executeTakeFirst();
      if (taken && input.vendorId !== undefined) {
        throw new ApiError(409, `vendorId ${vendorId} is already taken`);
      }
      if (attempt >= 5) throw err;
    }
  }
}

function toContractRow(vendorId: string, c: VendorContract): CoupangVendorContractsTable {
  return {
    vendor_id: vendorId,
    deliver_code: c.deliverCode,
    contract_number: c.contractNumber,
    contract_customer_number: c.contractCustomerNumber ?? null,
    confirmed: c.confirmed ? 1 : 0,
  };
}

// The gateway reads a vendor on every Coupang request, and a return center's contracts on
// every create: compiled once.
const selectVendorByAccessKey = prepareQuery((db: Db, p: { accessKey: string }) =>
  db
    .selectFrom('coupang_vendors')
    .select(['vendor_id', 'secret_key', 'user_ids'])
    .where('access_key', '=', p.accessKey),
);
const selectContractsOnFile = prepareQuery((db: Db, p: { vendorId: string }) =>
  db.selectFrom('coupang_vendors').select('contracts_on_file').where('vendor_id', '=', p.vendorId),
);
const selectContracts = prepareQuery((db: Db, p: { vendorId: string }) =>
  db.selectFrom('coupang_vendor_contracts').selectAll().where('vendor_id', '=', p.vendorId),
);

/** The vendor and secret key behind an access key, or undefined for an unknown key. */
export async function findVendorByAccessKey(
  ctx: AppContext,
  accessKey: string,
): Promise<{ vendor: CoupangVendor; secretKey: string } | undefined> {
  if (!isStorableText(accessKey)) return undefined;
  const [row] = (await selectVendorByAccessKey.execute(ctx.db, { accessKey })).rows;
  if (!row) return undefined;
  return {
    vendor: { vendorId: row.vendor_id, userIds: JSON.parse(row.user_ids) },
    secretKey: row.secret_key,
  };
}

/**
 * The vendor's courier contracts; null for a vendor created without a contract
 * list (any contract number of 1 to 20 digits is then accepted, confirmed).
 */
export async function vendorContracts(ctx: AppContext, vendorId: string): Promise<VendorContract[] | null> {
  const [vendor] = (await selectContractsOnFile.execute(ctx.db, { vendorId })).rows;
  if (!vendor?.contracts_on_file) return null;
  const { rows } = await selectContracts.execute(ctx.db, { vendorId });
  return rows.map(toContract);
}

/** A contract row as the vendor's contracts read. */
export function toContract(row: CoupangVendorContractsTable): VendorContract {
  return {
    deliverCode: row.deliver_code as ReturnCourierCode,
    contractNumber: row.contract_number,
    contractCustomerNumber: row.contract_customer_number ?? undefined,
    confirmed: Boolean(row.confirmed),
  };
}
