/**
 * `baesong seed`: demo data in a running baesong, over its HTTP sandbox API: a PortOne
 * merchant with a paid escrow payment for each escrow PG and a paid Paymentwall payment,
 * and a Coupang vendor with its Open API keys and a few orders in several states.
 */
import {
  BaesongClientError,
  CoupangClient,
  type OrderSheet,
  type Payment,
  SandboxClient,
  type SandboxVendor,
} from '../client/index.js';
import { CliError } from './errors.js';

export interface SeedOptions {
  baseUrl: string;
  adminToken?: string | undefined;
  json?: boolean | undefined;
  env?: boolean | undefined;
}

/** The demo payments, one per PG, with the variable each is exported as. */
const DEMO_PAYMENTS = [
  { label: 'KG INICIS', pg_provider: 'html5_inicis', escrow: true, variable: 'BAESONG_IMP_UID_INICIS' },
  { label: 'NHN KCP', pg_provider: 'kcp', escrow: true, variable: 'BAESONG_IMP_UID_KCP' },
  { label: 'PAYJOA (Daou)', pg_provider: 'daou', escrow: true, variable: 'BAESONG_IMP_UID_DAOU' },
  {
    label: 'Paymentwall',
    pg_provider: 'paymentwall',
    escrow: false,
    variable: 'BAESONG_IMP_UID_PAYMENTWALL',
  },
] as const;

export interface SeedResult {
  portone: {
    baseUrl: string;
    merchantId: string;
    impKey: string;
    impSecret: string;
    payments: Array<{
      label: string;
      variable: string;
      imp_uid: string;
      merchant_uid: string;
      pg_provider: string;
      escrow: boolean;
      amount: number;
    }>;
  };
  coupang: {
    baseUrl: string;
    vendorId: string;
    accessKey: string;
    secretKey: string;
    /** The WING login IDs a request's `userId` may name. */
    userIds: string[];
  };
  /** The vendor's demo orders, one box in each of these states (ids as strings). */
  coupangOrders: Array<{ status: string; shipmentBoxId: string; orderId: string }>;
}

/** The demo orders' states, in the order they are placed. */
const DEMO_ORDER_STATES = ['ACCEPT', 'INSTRUCT', 'DEPARTURE', 'FINAL_DELIVERY'] as const;

/**
 * One box in each of `DEMO_ORDER_STATES`: placed in the sandbox, moved on by the seller's own
 * calls (acknowledgement, invoices) and the sandbox's courier, as a seller's loop would.
 */
async function seedOrders(
  sandbox: SandboxClient,
  vendor: SandboxVendor,
): Promise<SeedResult['coupangOrders']> {
  const client = new CoupangClient({ ...vendor, baseUrl: sandbox.baseUrl });
  const boxes: OrderSheet[] = [];
  for (const [i] of DEMO_ORDER_STATES.entries()) {
    boxes.push(
      await sandbox.createCoupangOrder(vendor.vendorId, {
        items: [{ vendorItemName: `데모 상품 ${i + 1}`, salesPrice: 19_900 + i * 1_000 }],
        receiver: { name: '홍길동' },
      }),
    );
  }
  const [, preparing, shipped, delivered] = boxes as [OrderSheet, OrderSheet, OrderSheet, OrderSheet];
  await client.acknowledgeOrderSheets([preparing, shipped, delivered].map((b) => b.shipmentBoxId));
  await client.uploadInvoices(
    [shipped, delivered].flatMap((b, i) =>
      b.orderItems.map((item) => ({
        shipmentBoxId: b.shipmentBoxId,
        orderId: b.orderId,
        vendorItemId: item.vendorItemId,
        deliveryCompanyCode: 'CJGLS',
        invoiceNumber: `55500000000${i}`,
      })),
    ),
  );
  await sandbox.advanceDelivery(vendor.vendorId, delivered.shipmentBoxId, 'FINAL_DELIVERY');
  return boxes.map((b, i) => ({
    status: DEMO_ORDER_STATES[i] ?? '',
    shipmentBoxId: b.shipmentBoxId,
    orderId: b.orderId,
  }));
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const sandbox = new SandboxClient({ baseUrl: options.baseUrl, adminToken: options.adminToken });
  try {
    const merchant = await sandbox.createMerchant({ name: 'baesong demo' });
    const payments: Payment[] = [];
    for (const [i, demo] of DEMO_PAYMENTS.entries()) {
      payments.push(
        await sandbox.createPayment({
          imp_key: merchant.imp_key,
          pg_provider: demo.pg_provider,
          escrow: demo.escrow,
          amount: 25_000 + i * 1_000,
          name: `배송 데모 주문 (${demo.label})`,
          buyer_name: '홍길동',
          buyer_email: 'buyer@example.com',
          buyer_tel: '010-1234-5678',
          buyer_addr: '서울특별시 중구 세종대로 110',
          buyer_postcode: '04524',
        }),
      );
    }
    const vendor = await sandbox.createVendor();
    const coupangOrders = await seedOrders(sandbox, vendor);
    return {
      portone: {
        baseUrl: sandbox.baseUrl,
        merchantId: merchant.merchant_id,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
        payments: DEMO_PAYMENTS.map((demo, i) => {
          const p = payments[i] as Payment;
          return {
            label: demo.label,
            variable: demo.variable,
            imp_uid: p.imp_uid,
            merchant_uid: p.merchant_uid,
            pg_provider: p.pg_provider,
            escrow: p.escrow,
            amount: p.amount,
          };
        }),
      },
      coupang: {
        baseUrl: sandbox.baseUrl,
        vendorId: vendor.vendorId,
        accessKey: vendor.accessKey,
        secretKey: vendor.secretKey,
        userIds: vendor.userIds,
      },
      coupangOrders,
    };
  } catch (err) {
    if (err instanceof BaesongClientError) {
      throw new CliError(`cannot seed ${sandbox.baseUrl}: ${err.message}`, 1);
    }
    throw err;
  }
}

/** The variables `--env` prints, in order. */
function seedVariables(result: SeedResult): Array<[string, string]> {
  const { portone, coupang } = result;
  return [
    ['PORTONE_BASE_URL', portone.baseUrl],
    ['PORTONE_IMP_KEY', portone.impKey],
    ['PORTONE_IMP_SECRET', portone.impSecret],
    ...portone.payments.map((p): [string, string] => [p.variable, p.imp_uid]),
    ['COUPANG_BASE_URL', coupang.baseUrl],
    ['COUPANG_VENDOR_ID', coupang.vendorId],
    ['COUPANG_ACCESS_KEY', coupang.accessKey],
    ['COUPANG_SECRET_KEY', coupang.secretKey],
  ];
}

/** POSIX shell single quotes: safe for any value. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function formatEnv(result: SeedResult): string {
  return seedVariables(result)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
}

/** The result, plus the variables of `--env` as an object (`jq -r .variables.PORTONE_IMP_KEY`). */
export function formatJson(result: SeedResult): string {
  const variables = Object.fromEntries(seedVariables(result));
  return `${JSON.stringify({ ...result, variables }, null, 2)}\n`;
}

/** A table for people: who the merchant is, its keys, one payment per PG; the vendor and its keys. */
export function formatTable(result: SeedResult): string {
  const { portone, coupang } = result;
  const lines = [
    `PortOne demo merchant on ${portone.baseUrl}`,
    '',
    ...table([
      ['merchant_id', portone.merchantId],
      ['imp_key', portone.impKey],
      ['imp_secret', portone.impSecret],
    ]),
    '',
    ...table([
      ['PG', 'pg_provider', 'imp_uid', 'escrow', 'status', 'amount'],
      ...portone.payments.map((p) => [
        p.label,
        p.pg_provider,
        p.imp_uid,
        p.escrow ? 'yes' : 'no',
        'paid',
        String(p.amount),
      ]),
    ]),
    '',
    `Coupang demo vendor on ${coupang.baseUrl}`,
    '',
    ...table([
      ['vendorId', coupang.vendorId],
      ['accessKey', coupang.accessKey],
      ['secretKey', coupang.secretKey],
      ['userIds', coupang.userIds.join(', ')],
    ]),
    '',
    ...table([
      ['status', 'shipmentBoxId', 'orderId'],
      ...result.coupangOrders.map((o) => [o.status, o.shipmentBoxId, o.orderId]),
    ]),
    '',
    'The secrets are shown only now. `baesong seed --env` prints the same as shell variables.',
  ];
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  );
}

export async function seedCommand(options: SeedOptions): Promise<void> {
  if (options.json && options.env) throw new CliError('choose one of --json and --env');
  const result = await seed(options);
  const format = options.json ? formatJson : options.env ? formatEnv : formatTable;
  process.stdout.write(format(result));
}
