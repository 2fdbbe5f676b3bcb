import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/process.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first ```sh block after a heading of the README. */
function shellBlockAfter(heading: string): string {
  const section = readme.split(`\n${heading}\n`)[1];
  const block = section?.split('```sh\n')[1]?.split('```')[0];
  if (!block) throw new Error(`README has no shell block after "${heading}"`);
  return block;
}

/** Runs README blocks as one bash script against the test server; answers its output lines as JSON. */
async function run(server: ServerProcess, ...headings: string[]) {
  const script = headings.map(shellBlockAfter).join('\n').replaceAll('http://127.0.0.1:8080', server.url);
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
    server = await startServerProcess({ DATABASE_URL: join(dir, 'readme.sqlite') });
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
});
