/**
 * The console in a real browser, against a real baesong: each test acts as a person would, and
 * checks through the API what the page did (or through the page what the API did).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoupangClient, PortOneClient, SandboxClient } from '../../src/client/index.js';
import {
  browserTestsRun,
  buildConsole,
  type ConsolePage,
  type ConsoleServer,
  launchBrowser,
  openConsole,
  sayWhySkipped,
  startConsoleServer,
} from '../support/browser.js';
import { escrowBody, paymentwallBody, seedOutboundBody } from '../support/fixtures.js';
import type { Browser } from 'playwright-core';

sayWhySkipped();

// A browser test waits for what a person would see; each wait is bounded by Playwright's own timeout.
vi.setConfig({ testTimeout: 90_000 });

describe.skipIf(!browserTestsRun)('the console', () => {
  let built: Awaited<ReturnType<typeof buildConsole>>;
  let browser: Browser;
  let server: ConsoleServer;
  let sandbox: SandboxClient;
  let tab: ConsolePage | undefined;

  beforeAll(async () => {
    [built, browser] = await Promise.all([buildConsole(), launchBrowser()]);
    server = await startConsoleServer(built.root);
    sandbox = new SandboxClient({ baseUrl: server.url });
  }, 120_000);

  afterEach(async () => {
    if (tab) {
      expect(tab.problems()).toEqual({ foreign: [], errors: [] });
      await tab.close();
      tab = undefined;
    }
    await sandbox.reset();
  });

  afterAll(async () => {
    await server?.close();
    await browser?.close();
    built?.remove();
  });

  const open = async (view: string) => {
    tab = await openConsole(browser, server.url, view);
    return tab.page;
  };

  it('creates a merchant and a payment from the forms, and shows an escrow delivery on the timeline', async () => {
    const page = await open('portone');
    await page.getByLabel('Name').fill('배송상점');
    await page.getByRole('button', { name: 'Create merchant' }).click();
    const once = page.getByTestId('shown-once');
    const impKey = (await once.locator('[data-field="imp_key"]').textContent()) ?? '';
    const impSecret = (await once.locator('[data-field="imp_secret"]').textContent()) ?? '';
    expect(impKey).not.toBe('');
    expect(await sandbox.merchants()).toEqual([
      expect.objectContaining({ name: '배송상점', imp_key: impKey }),
    ]);
    await page.getByTestId('merchants').getByText('배송상점').waitFor();

    await page.locator('select[name="pg"]').selectOption('html5_inicis');
    await page.getByLabel('Escrow').check();
    await page.getByLabel('Item').fill('무선 이어폰');
    await page.getByRole('button', { name: 'Create payment' }).click();
    await page.getByTestId('payments').getByText('무선 이어폰').waitFor();
    const { payments } = await sandbox.payments({ imp_key: impKey });
    expect(payments).toEqual([
      expect.objectContaining({ pg_provider: 'html5_inicis', escrow: true, name: '무선 이어폰' }),
    ]);
    const impUid = payments[0]!.imp_uid;

    // The new payment's timeline is open; a delivery registered through the API appears on it.
    const timeline = page.getByTestId('payment-timeline');
    await timeline.getByText('Paid').waitFor();
    const portone = new PortOneClient({ baseUrl: server.url, impKey, impSecret });
    await portone.registerEscrowDelivery(impUid, escrowBody('html5_inicis', { invoice: '123456789012' }));
    await timeline.getByText('Escrow delivery registered').waitFor();
    await timeline.getByText(/invoice 123456789012/).waitFor();
  });

  it("shows a Paymentwall payment's delivery statuses as they are registered", async () => {
    const merchant = await sandbox.createMerchant({ name: '글로벌상점' });
    const payment = await sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'paymentwall' });
    const page = await open('portone');
    await page.getByTestId('payments').getByText(payment.imp_uid).click();
    const timeline = page.getByTestId('payment-timeline');
    await timeline.getByText('Paid').waitFor();

    const portone = new PortOneClient({
      baseUrl: server.url,
      impKey: merchant.imp_key,
      impSecret: merchant.imp_secret,
    });
    await portone.registerPaymentwallDelivery(paymentwallBody(payment) as never);
    await timeline.getByText('Paymentwall: order_placed').waitFor();
    await portone.registerPaymentwallDelivery(paymentwallBody(payment, { status: 'delivered' }) as never);
    await timeline.getByText('Paymentwall: delivered').waitFor();
    // Oldest first, as they happened.
    expect(await timeline.locator('li strong').allTextContents()).toEqual([
      'Payment started',
      'Paid',
      'Paymentwall: order_placed',
      'Paymentwall: delivered',
    ]);
  });

  it('creates a vendor with user ids and a contract, and shows the places it makes', async () => {
    const page = await open('coupang');
    await page.getByLabel('User ids').fill('wing-kim, wing-lee');
    await page.getByRole('button', { name: 'Add a contract' }).click();
    await page.getByLabel('Contract number').fill('12345');
    await page.getByRole('button', { name: 'Create vendor' }).click();
    const once = page.getByTestId('shown-once');
    const vendorId = (await once.locator('[data-field="vendorId"]').textContent()) ?? '';
    const accessKey = (await once.locator('[data-field="accessKey"]').textContent()) ?? '';
    const secretKey = (await once.locator('[data-field="secretKey"]').textContent()) ?? '';
    expect(secretKey).toMatch(/^[0-9a-f]{40}$/);
    expect(await sandbox.vendors()).toEqual([
      expect.objectContaining({
        vendorId,
        userIds: ['wing-kim', 'wing-lee'],
        contracts: [expect.objectContaining({ deliverCode: 'CJGLS', contractNumber: '12345' })],
      }),
    ]);

    const coupang = new CoupangClient({ baseUrl: server.url, vendorId, accessKey, secretKey });
    await coupang.createOutboundShippingPlace({ ...seedOutboundBody(vendorId), userId: 'wing-kim' } as never);
    const places = page.getByTestId('outbound-places');
    await places.getByText('상품출고지 생성').waitFor();
    await places.getByText(/경기도 파주시 탄현면 월롱산로 294-58/).waitFor();
    await places.getByText(/KGB: Jeju ₩5,000, elsewhere ₩2,500/).waitFor();
  });

  it('shows requests live in the journal, opens one side by side with a curl line without secrets', async () => {
    const merchant = await sandbox.createMerchant({ name: '저널상점' });
    const page = await open('journal');
    await page
      .getByTestId('journal-list')
      .getByText(/No request yet/)
      .waitFor();

    // Made by a client while the page is open: it arrives without a reload.
    const portone = new PortOneClient({
      baseUrl: server.url,
      impKey: merchant.imp_key,
      impSecret: merchant.imp_secret,
    });
    await portone.getToken();
    const row = page.locator('[role="option"][data-path="/users/getToken"]');
    await row.click();
    const detail = page.getByTestId('journal-detail');
    await detail.getByRole('group', { name: 'Request' }).getByText('"imp_key"').waitFor();
    await detail.getByRole('group', { name: 'Answer' }).getByText('"access_token"').waitFor();
    const curl = (await detail.getByTestId('curl').textContent()) ?? '';
    expect(curl).toContain(`${server.url}/users/getToken`);
    expect(curl).toContain('<imp_secret>');
    expect(curl).not.toContain(merchant.imp_secret);

    // The status filter leaves it out; a 401 made meanwhile is what 4xx shows.
    await page.locator('select[name="status"]').selectOption('4xx');
    await fetch(`${server.url}/payments/imp_000000000001`);
    await page.locator('[role="option"][data-path="/payments/imp_000000000001"]').waitFor();
    expect(await row.count()).toBe(0);
  });

  it('holds no entry the journal does not: a reset through the API, or its own button, empties the list', async () => {
    const page = await open('journal');
    const list = page.getByTestId('journal-list');
    await fetch(`${server.url}/payments/imp_000000000001`);
    await list.locator('[data-path="/payments/imp_000000000001"]').waitFor();
    await sandbox.reset();
    await list.getByText(/No request yet/).waitFor();

    await fetch(`${server.url}/payments/imp_000000000002`);
    await list.locator('[data-path="/payments/imp_000000000002"]').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Empty the journal' }).click();
    await list.getByText(/No request yet/).waitFor();
    expect(await sandbox.countRequests()).toBe(0);
  });

  it('keeps a thousand entries in a windowed list', async () => {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${server.url}/payments/imp_${String(batch * 50 + i).padStart(12, '0')}`),
        ),
      );
    }
    const page = await open('journal');
    await page.getByTestId('journal-count').getByText('1,000 shown of 1,000').waitFor();
    // Only the rows in view (and a few either side) are in the page.
    expect(await page.locator('[role="option"]').count()).toBeLessThan(80);
    // The keyboard reaches the oldest, which the list then renders.
    await page.getByTestId('journal-list').focus();
    await page.keyboard.press('End');
    await page
      .locator('[role="option"][data-path="/payments/imp_000000000000"][aria-selected="true"]')
      .waitFor();
  });

  it('adds a fault from the form that faults the next request, and deletes it', async () => {
    const merchant = await sandbox.createMerchant();
    const page = await open('faults');
    await page.locator('select[name="route"]').selectOption('POST /users/getToken');
    await page.locator('input[name="status"]').fill('503');
    await page.locator('input[name="times"]').fill('');
    await page.getByRole('button', { name: 'Add fault' }).click();
    const table = page.getByTestId('faults');
    await table.getByText('POST /users/getToken').waitFor();

    const res = await fetch(`${server.url}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: merchant.imp_key, imp_secret: merchant.imp_secret }),
    });
    expect(res.status).toBe(503);
    // Its hits, as the API counts them, reach the page.
    await table.locator('tbody tr td:nth-child(5)', { hasText: '1' }).waitFor();

    await table.getByRole('button', { name: /Delete fault/ }).click();
    await table.getByText(/No fault/).waitFor();
    expect(await sandbox.faults()).toEqual([]);
  });

  it('moves the clock forward, freezes it and puts it back', async () => {
    const page = await open('clock');
    const now = page.getByTestId('clock-now');
    await now.locator('time').waitFor();
    const before = Date.parse((await now.getAttribute('data-now')) ?? '');
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.getByText(/\+1d from real time/).waitFor();
    // The page's now has moved a day on from the one it showed.
    expect(Date.parse((await now.getAttribute('data-now')) ?? '')).toBeGreaterThanOrEqual(
      before + 86_400_000,
    );
    expect((await sandbox.clock()).offsetMs).toBeGreaterThanOrEqual(86_400_000);

    await page.getByRole('button', { name: 'Freeze' }).click();
    await page.getByRole('button', { name: 'Unfreeze' }).waitFor();
    expect((await sandbox.clock()).frozen).toBe(true);

    await page.getByRole('button', { name: 'Reset to real time' }).click();
    await page.getByText(/running · real time/).waitFor();
    expect(await sandbox.clock()).toEqual(expect.objectContaining({ offsetMs: 0, frozen: false }));
  });

  it("moves one tenant's clock only", async () => {
    const merchant = await sandbox.createMerchant({ name: '시계상점' });
    const page = await open('clock');
    await page.locator('select[name="whose"]').selectOption(`merchant:${merchant.imp_key}`);
    await page.getByRole('button', { name: '+30 min' }).click();
    await page.getByText(/\+30m from real time/).waitFor();
    expect((await sandbox.clock({ merchant: merchant.imp_key })).offsetMs).toBe(1_800_000);
    expect((await sandbox.clock()).offsetMs).toBe(0);
    expect(await page.getByRole('button', { name: 'Freeze' }).isDisabled()).toBe(true);
  });

  it('stays within its budget of 150 KB gzipped', () => {
    const files = readdirSync(built.root, { recursive: true, encoding: 'utf8' })
      .map((name) => join(built.root, name))
      .filter((path) => statSync(path).isFile());
    const gzipped = files.reduce((sum, path) => sum + gzipSync(readFileSync(path), { level: 9 }).length, 0);
    expect(files.some((path) => path.endsWith('.js'))).toBe(true);
    expect(gzipped).toBeLessThan(150 * 1024);
  });

  it('counts what the sandbox holds on the overview', async () => {
    const merchant = await sandbox.createMerchant();
    await sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'kcp' });
    await sandbox.createVendor();
    const page = await open('overview');
    await page.getByTestId('count-Merchants').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('count-Payments').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('count-Vendors').getByText('1', { exact: true }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset the sandbox' }).click();
    await page.getByTestId('count-Merchants').getByText('0', { exact: true }).waitFor();
    expect(await sandbox.merchants()).toEqual([]);
  });
});

describe.skipIf(!browserTestsRun)('the console with BAESONG_ADMIN_TOKEN', () => {
  let built: Awaited<ReturnType<typeof buildConsole>>;
  let browser: Browser;
  let server: ConsoleServer;

  beforeAll(async () => {
    [built, browser] = await Promise.all([buildConsole(), launchBrowser()]);
    server = await startConsoleServer(built.root, { adminToken: 'admin-secret' });
    await new SandboxClient({ baseUrl: server.url, adminToken: 'admin-secret' }).createMerchant({
      name: '비밀상점',
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await browser?.close();
    built?.remove();
  });

  it('asks for the token, refuses a wrong one with a clear message and nothing else, then opens', async () => {
    const tab = await openConsole(browser, server.url, 'portone');
    const { page } = tab;
    await page.getByLabel('Admin token').fill('wrong');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByTestId('token-refused').getByText('The server refused that token').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByText('비밀상점').count()).toBe(0);

    await page.getByLabel('Admin token').fill('admin-secret');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByTestId('merchants').getByText('비밀상점').waitFor();
    // Asked once: a reload in the same tab does not ask again.
    await page.reload();
    await page.getByTestId('merchants').getByText('비밀상점').waitFor();
    expect(tab.problems()).toEqual({ foreign: [], errors: [] });
    await tab.close();
  });
});
