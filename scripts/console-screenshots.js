// Takes the README's pictures of the console: starts the built baesong (`npm run build` first) on
// an in-memory database, fills it through the clients as a test suite would, and photographs each
// view with Debian's Chromium into docs/console-<view>.png.
//
// `node scripts/console-screenshots.js`
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { chromium } from 'playwright-core';
import { CoupangClient, PortOneClient, SandboxClient } from '../dist/client/index.js';
import { startServer } from '../dist/index.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const VIEWS = ['overview', 'portone', 'coupang', 'journal', 'faults', 'clock'];

const server = await startServer({ port: 0, coupangRateLimit: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  const sandbox = new SandboxClient({ baseUrl: server.url });
  const merchant = await sandbox.createMerchant({ name: '배송상점' });
  const portone = new PortOneClient({
    baseUrl: server.url,
    impKey: merchant.imp_key,
    impSecret: merchant.imp_secret,
  });
  const escrow = await sandbox.createPayment({
    imp_key: merchant.imp_key,
    pg_provider: 'html5_inicis',
    escrow: true,
    amount: 39000,
    name: '무선 이어폰',
    buyer_name: '김배송',
  });
  await sandbox.createPayment({
    imp_key: merchant.imp_key,
    pg_provider: 'kcp',
    escrow: true,
    name: '텀블러',
  });
  await portone.registerEscrowDelivery(escrow.imp_uid, {
    sender: {
      name: '배송상점',
      tel: '02-1234-5678',
      addr: '서울특별시 송파구 올림픽로 300',
      postcode: '05551',
    },
    receiver: {
      name: '김배송',
      tel: '010-1234-5678',
      addr: '경기도 성남시 분당구 판교역로 235',
      postcode: '13494',
    },
    logis: { company: 'CJGLS', invoice: '123456789012', sent_at: Math.floor(Date.now() / 1000) },
  });
  await portone.getPayment(escrow.imp_uid);

  const vendor = await sandbox.createVendor({
    userIds: ['wing-kim'],
    contracts: [{ deliverCode: 'CJGLS', contractNumber: '12345' }],
  });
  const coupang = new CoupangClient({ baseUrl: server.url, ...vendor });
  await coupang.createOutboundShippingPlace({
    vendorId: vendor.vendorId,
    userId: 'wing-kim',
    shippingPlaceName: '파주 물류센터',
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1500-1234',
        returnZipCode: '10516',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: '294-58',
      },
    ],
    remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 }],
  });
  const fees = Object.fromEntries(
    ['vendorCreditFee', 'vendorCashFee', 'consumerCashFee', 'returnFee'].flatMap((kind) =>
      ['05kg', '10kg', '20kg'].map((weight, i) => [`${kind}${weight}`, 2500 + i * 1000]),
    ),
  );
  await coupang.createReturnShippingCenter({
    userId: 'wing-kim',
    shippingPlaceName: '반품지 대구',
    goodsflowInfoOpenApiDto: { deliverCode: 'CJGLS', contractNumber: '12345', ...fees },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '053-111-1111',
        returnZipCode: '42701',
        returnAddress: '대구광역시 달서구 성서공단로',
        returnAddressDetail: '11',
      },
    ],
  });
  await sandbox.addFault({
    match: { route: 'POST /escrows/logis/{imp_uid}' },
    action: 'status',
    status: 503,
    when: 'after',
  });
  await globalThis.fetch(`${server.url}/payments/imp_000000000000`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const view of VIEWS) {
    await page.goto(`${server.url}/console/#/${view}`);
    await page.locator('main h1').waitFor();
    if (view === 'portone') {
      await page.getByTestId('payments').getByText('무선 이어폰').click();
      await page.getByText('Escrow delivery registered').waitFor();
    }
    if (view === 'coupang') await page.getByTestId('vendors').locator('tbody tr').first().click();
    if (view === 'journal') await page.locator('[role="option"][data-path="/users/getToken"]').click();
    // Every view has read what it shows once its tables or figures have rows.
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(DOCS, `console-${view}.png`), fullPage: view === 'portone' });
    process.stdout.write(`docs/console-${view}.png\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
