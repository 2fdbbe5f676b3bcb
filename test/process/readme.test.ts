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
  const section = readme.split(heading)[1];
  const block = section?.split('```sh\n')[1]?.split('```')[0];
  if (!block) throw new Error(`README has no shell block after "${heading}"`);
  return block;
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

  it('worked example runs as written', async () => {
    const script = shellBlockAfter('## A worked example').replace('http://127.0.0.1:8080', server.url);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script]);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const registered = JSON.parse(lines[0] as string);
    expect(registered).toMatchObject({
      code: 0,
      message: null,
      response: { company: 'CJGLS', invoice: '123456789012' },
    });
    expect(JSON.parse(lines[1] as string)).toEqual(registered);
    expect(JSON.parse(lines[2] as string).escrow.logis.invoice).toBe('123456789012');
  });
});
