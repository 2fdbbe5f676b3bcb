/**
 * The `/docs` page's Coupang signer in a real browser: a person enters a vendor's keys, tries a
 * Coupang route from the page, and the request goes out signed by the sandbox clock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SandboxClient } from '../../src/client/index.js';
import {
  browserTestsRun,
  buildConsole,
  type ConsoleServer,
  launchBrowser,
  sayWhySkipped,
  startConsoleServer,
} from '../support/browser.js';
import type { Browser } from 'playwright-core';

sayWhySkipped();
vi.setConfig({ testTimeout: 90_000 });

const PLACES = '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound';

describe.skipIf(!browserTestsRun)('the /docs page', () => {
  let built: Awaited<ReturnType<typeof buildConsole>>;
  let browser: Browser;
  let server: ConsoleServer;
  let sandbox: SandboxClient;

  beforeAll(async () => {
    [built, browser] = await Promise.all([buildConsole(), launchBrowser()]);
    server = await startConsoleServer(built.root);
    sandbox = new SandboxClient({ baseUrl: server.url });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await browser?.close();
    built?.remove();
  });

  it('signs a Coupang request tried from the page with the keys entered, by the sandbox clock', async () => {
    const vendor = await sandbox.createVendor({ userIds: ['docs-user'] });
    // Ten minutes on: a request signed by the browser's own time would be refused as expired.
    await sandbox.advanceClock(600);
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      await page.goto(`${server.url}/docs/`);
      const signer = page.locator('#coupang-signer');
      await signer.locator('input[name="vendorId"]').fill(vendor.vendorId);
      await signer.locator('input[name="accessKey"]').fill(vendor.accessKey);
      await signer.locator('input[name="secretKey"]').fill(vendor.secretKey);
      await signer.getByRole('button', { name: 'Sign with these keys' }).click();
      await signer.getByText(`as ${vendor.accessKey}`).waitFor();

      const operation = page.locator('.opblock-get', { has: page.locator(`[data-path="${PLACES}"]`) });
      await operation.locator('.opblock-summary').first().click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.locator('input[placeholder="pageNum"]').fill('1');
      await operation.getByRole('button', { name: 'Execute' }).click();
      await operation.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();

      const { requests: entries } = await sandbox.requests({ path: PLACES });
      expect(entries[0]).toMatchObject({
        tenant: { vendor: vendor.vendorId },
        response: { status: 200 },
      });
      expect(entries[0]?.request.headers.authorization).toContain(`access-key=${vendor.accessKey}`);
      // The keys stay in the tab: nothing of them went to the server but the signature.
      expect(JSON.stringify(entries[0])).not.toContain(vendor.secretKey);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
