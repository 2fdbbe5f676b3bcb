import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundMessages } from '../../src/coupang/messages.js';
import { messages } from '../../src/portone/messages.js';
import { runCli, type ServerProcess, spawnCli, startServerProcess } from '../support/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first ```<lang> block after a heading of the README. */
function blockAfter(heading: string, lang = 'sh'): string {
  const section = readme.split(`\n${heading}\n`)[1];
  const block = section?.split(`\`\`\`${lang}\n`)[1]?.split('```')[0];
  if (!block) throw new Error(`README has no ${lang} block after "${heading}"`);
  return block;
}

/** `export NAME='value'` lines, as `baesong seed --env` prints them, read back. */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)) env[m[1] as string] = m[2] as string;
  return env;
}

/** Runs README shell blocks as one bash script against the test server; answers its output lines as JSON. */
async function run(server: ServerProcess, ...headings: string[]) {
  const script = headings
    .map((h) => blockAfter(h))
    .join('\n')
    .replaceAll('http://127.0.0.1:8080', server.url);
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script]);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('the README', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baesong-readme-'));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(
      {},
      { spawn: (env) => spawnCli(['serve', '--database', join(dir, 'readme.sqlite')], env) },
    );
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('worked example, and its Paymentwall continuation, run as written', async () => {
    const [registered, readBack, sandbox, physical, digital, history] = await run(
      server,
      '## A worked example',
      '### Paymentwall, continuing the example',
    );
    expect(registered).toMatchObject({
      code: 0,
      message: null,
      response: { company: 'CJGLS', invoice: '123456789012' },
    });
    expect(readBack).toEqual(registered);
    expect(sandbox.escrow.logis.invoice).toBe('123456789012');
    const accepted = {
      code: 0,
      message: null,
      response: { success: 1, error_code: null, error: null, notices: [] },
    };
    expect(physical).toEqual(accepted);
    expect(digital).toEqual(accepted);
    expect(history.paymentwall).toHaveLength(1);
    expect(history.paymentwall[0]).toMatchObject({
      type: 'physical',
      status: 'order_shipped',
      shipping_address_state: 'CA',
    });
  });

  it('Coupang example signs and sends requests as written', async () => {
    const [created, listed] = await run(server, '### Coupang, by hand');
    expect(created).toEqual({
      code: 200,
      message: 'SUCCESS',
      data: { resultCode: 'SUCCESS', resultMessage: expect.stringMatching(/^\d{7,}$/) },
    });
    expect(listed.content).toHaveLength(1);
    expect(listed.content[0]).toMatchObject({
      outboundShippingPlaceCode: Number(created.data.resultMessage),
      shippingPlaceName: '상품출고지 생성',
    });
  });

  it('Coupang return center example, continuing the one by hand, runs as written', async () => {
    const [placeCreated, , created, listed, found] = await run(
      server,
      '### Coupang, by hand',
      '### Coupang return center, continuing',
    );
    expect(placeCreated.code).toBe(200);
    expect(created).toEqual({
      code: 200,
      message: 'SUCCESS',
      data: { resultCode: 'SUCCESS', resultMessage: expect.stringMatching(/^1100\d{6}$/) },
    });
    const code = created.data.resultMessage;
    const center = {
      vendorId: expect.stringMatching(/^A\d{8}$/),
      returnCenterCode: code,
      shippingPlaceName: '반품지01',
      deliverCode: 'CJGLS',
      deliverName: 'CJ대한통운',
      goodsflowStatus: '승인',
      errorMessage: '',
      createdAt: expect.any(Number),
      vendorCreditFee02kg: null,
      vendorCreditFee05kg: 2500,
      vendorCreditFee10kg: 2500,
      vendorCreditFee20kg: 2500,
      vendorCashFee02kg: null,
      vendorCashFee05kg: 2500,
      vendorCashFee10kg: 2500,
      vendorCashFee20kg: 2500,
      consumerCashFee02kg: null,
      consumerCashFee05kg: 2500,
      consumerCashFee10kg: 2500,
      consumerCashFee20kg: 2500,
      returnFee02kg: null,
      returnFee05kg: 2500,
      returnFee10kg: 2500,
      returnFee20kg: 2500,
      usable: true,
      placeAddresses: [
        {
          addressType: 'JIBUN',
          countryCode: 'KR',
          companyContactNumber: '02-1234-5678',
          phoneNumber2: '',
          returnZipCode: '112207',
          returnAddress: '경기도 파주시 탄현면 월롱산로',
          returnAddressDetail: '294-58',
        },
      ],
    };
    expect(listed).toEqual({
      code: 200,
      message: 'SUCCESS',
      data: {
        content: [center],
        pagination: { currentPage: 1, totalPages: 1, totalElements: 1, countPerPage: 10 },
      },
    });
    expect(found).toEqual({ code: 200, message: 'SUCCESS', data: [center] });
    // Epoch milliseconds, not seconds.
    expect(found.data[0].createdAt).toBeGreaterThan(1e12);
  });

  it('quick start runs as written on the variables of `baesong seed --env`', async () => {
    const block = blockAfter('## Quick start');
    expect(block).toContain('eval "$(npx baesong seed --env)"');
    const script = block.replace(
      'npx baesong seed --env',
      `node --import tsx src/cli.ts seed --env --base-url ${server.url}`,
    );
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
    });
    const [payment, registered, places, ...rest] = stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(JSON.parse(payment as string).response).toMatchObject({
      pg_provider: 'kcp',
      escrow: true,
      status: 'paid',
    });
    expect(JSON.parse(registered as string)).toMatchObject({
      code: 0,
      message: null,
      response: { company: 'HANJIN', invoice: '430012345678', sent_at: 1795000000 },
    });
    const answer = blockAfter('## Quick start')
      .split('\n')
      .filter((l) => l.startsWith('# → {"content"'));
    expect(answer).toHaveLength(1);
    expect(JSON.parse(places as string)).toEqual(JSON.parse((answer[0] as string).slice('# → '.length)));
  });

  /** `baesong seed --env` against the test server, read back. */
  async function seeded(): Promise<Record<string, string>> {
    const seed = await runCli(['seed', '--env', '--base-url', server.url]);
    expect(seed.code).toBe(0);
    return parseExports(seed.stdout);
  }

  /** Runs the README's TypeScript block after `heading` with `env`; answers its output lines. */
  async function runExample(heading: string, env: Record<string, string>): Promise<string[]> {
    // `baesong/client` resolves to the sources, so the example runs without a build.
    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: { paths: { 'baesong/client': [join(ROOT, 'src/client/index.ts')] } },
      }),
    );
    const example = join(dir, 'example.mts');
    writeFileSync(example, blockAfter(heading, 'ts'));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: tsconfig, ...env },
    });
    return stdout.trim().split('\n');
  }

  it('client example runs as written against `baesong serve`', async () => {
    const env = await seeded();
    expect(Object.keys(env)).toEqual([
      'PORTONE_BASE_URL',
      'PORTONE_IMP_KEY',
      'PORTONE_IMP_SECRET',
      'BAESONG_IMP_UID_INICIS',
      'BAESONG_IMP_UID_KCP',
      'BAESONG_IMP_UID_DAOU',
      'BAESONG_IMP_UID_PAYMENTWALL',
      'COUPANG_BASE_URL',
      'COUPANG_VENDOR_ID',
      'COUPANG_ACCESS_KEY',
      'COUPANG_SECRET_KEY',
    ]);
    expect(await runExample('## Client', env)).toEqual([
      'payment: kcp paid 26000',
      'registered: CJGLS 123456789012',
      `refused: 409 ${messages.escrowAlreadyRegistered}`,
      'now: CJGLS 123456789013',
      `paymentwall: ${env.BAESONG_IMP_UID_PAYMENTWALL} delivered`,
    ]);
  });

  it('hard cases example runs as written against `baesong serve`, and prints what the README says', async () => {
    const env = await seeded();
    const printed = await runExample('## Testing the hard cases', env);
    expect(printed).toEqual([
      'first try: 500 Internal Server Error',
      `retry: 409 ${messages.escrowAlreadyRegistered}`,
      'stored: 123456789012',
      'sent: 123456789012 → 500 (fault)',
      'sent: 123456789012 → 409',
      'after expiry: paid, new token: true',
    ]);
    expect(blockAfter('## Testing the hard cases', 'text').trim().split('\n')).toEqual(printed);
  });

  it('Coupang client example runs as written against `baesong serve`', async () => {
    const env = await seeded();
    expect(env.COUPANG_BASE_URL).toBe(server.url);
    const [created, ...rest] = await runExample('### Coupang client', env);
    expect(created).toMatch(/^created: \d{7,}$/);
    expect(rest).toEqual([
      `refused: 400 ${outboundMessages.duplicateName('파주 물류센터')}`,
      'found: 파주 물류센터 CJGLS HANJIN',
    ]);
  });
});
