import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { EscrowDeliveriesTable } from '../db/schema.js';
import type { EscrowDelivery } from './escrow-rules.js';
import type { EscrowLogis } from './schemas.js';

/** The escrow delivery as the sandbox shows it: the objects as last registered. */
export interface StoredEscrowDelivery {
  sender: Record<string, unknown>;
  receiver: Record<string, unknown>;
  logis: Record<string, unknown>;
  applied_at: number;
}

export function toEscrowLogis(row: EscrowDeliveriesTable): EscrowLogis {
  return {
    company: row.company,
    invoice: row.invoice,
    sent_at: Number(row.sent_at),
    applied_at: Number(row.applied_at),
  };
}

export function toStoredEscrowDelivery(row: EscrowDeliveriesTable): StoredEscrowDelivery {
  return {
    sender: JSON.parse(row.sender),
    receiver: JSON.parse(row.receiver),
    logis: JSON.parse(row.logis),
    applied_at: Number(row.applied_at),
  };
}

// Compiled once: GET and PUT are what clients repeat on this route.
const selectEscrowDelivery = prepareQuery((db: Db, p: { impUid: string }) =>
  db.selectFrom('escrow_deliveries').selectAll().where('imp_uid', '=', p.impUid),
);

const updateEscrowDelivery = prepareQuery((db: Db, p: EscrowDeliveriesTable) =>
  db
    .updateTable('escrow_deliveries')
    .set({
      sender: p.sender,
      receiver: p.receiver,
      logis: p.logis,
      company: p.company,
      invoice: p.invoice,
      sent_at: p.sent_at,
      applied_at: p.applied_at,
    })
    .where('imp_uid', '=', p.imp_uid)
    .returningAll(),
);

export async function findEscrowDelivery(ctx: AppContext, impUid: string) {
  const { rows } = await selectEscrowDelivery.execute(ctx.db, { impUid });
  return rows[0];
}

function toRow(impUid: string, delivery: EscrowDelivery, appliedAt: number): EscrowDeliveriesTable {
  return {
    imp_uid: impUid,
    sender: JSON.stringify(delivery.sender),
    receiver: JSON.stringify(delivery.receiver),
    logis: JSON.stringify(delivery.logis),
    company: delivery.logis.company,
    invoice: delivery.logis.invoice,
    sent_at: delivery.logis.sent_at,
    applied_at: appliedAt,
  };
}

/** Registers the payment's delivery; undefined when one is registered already (the primary key decides). */
export async function insertEscrowDelivery(
  ctx: AppContext,
  impUid: string,
  delivery: EscrowDelivery,
  appliedAt: number,
): Promise<EscrowDeliveriesTable | undefined> {
  const row = toRow(impUid, delivery, appliedAt);
  try {
    await ctx.writes.statement((db) => db.insertInto('escrow_deliveries').values(row).execute());
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
  return row;
}

/** Replaces the payment's delivery; undefined when none is registered. */
export async function replaceEscrowDelivery(
  ctx: AppContext,
  impUid: string,
  delivery: EscrowDelivery,
  appliedAt: number,
): Promise<EscrowDeliveriesTable | undefined> {
  const {
    rows: [updated],
  } = await ctx.writes.statement((db) =>
    updateEscrowDelivery.execute(db, toRow(impUid, delivery, appliedAt)),
  );
  return updated;
}
