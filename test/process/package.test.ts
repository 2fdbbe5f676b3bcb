/**
 * The packed package, as another project installs it: `npm pack` of this checkout (its `dist/`, as
 * `npm install` built it), unpacked into a project of its own whose dependencies are this
 * checkout's. It must hold one runnable form of the server (the bundle and its code cache, no
 * source maps, no second compiled copy), no build step for the consumer, and work as the library,
 * the command and the client.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Packed {
  filename: string;
  files: { path: string }[];
}

describe('the packed package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baesong-package-'));
  const app = join(dir, 'app');
  const installed = join(app, 'node_modules', 'baesong');
  let packed: Packed;
  let manifestBefore: string;

  beforeAll(async () => {
    manifestBefore = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
    packed = (JSON.parse(stdout) as Packed[])[0] as Packed;
    mkdirSync(installed, { recursive: true });
    await run('tar', ['xzf', join(dir, packed.filename), '-C', installed, '--strip-components=1']);
    // Its dependencies, as npm installs them (hoisted to the project's node_modules): this checkout's.
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name.startsWith('.')) continue;
      symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name), 'dir');
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the bundle and its code cache, and no source maps or second compiled copy of the server', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.some((p) => /^dist\/bundle\/baesong-\w+\.cjs$/.test(p))).toBe(true);
    expect(paths.some((p) => /^dist\/bundle\/baesong-\w+\.cjs\.cache$/.test(p))).toBe(true);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths).toContain('dist/console/index.html');
    const compiled = paths.filter(
      (p) => p.endsWith('.js') && !p.startsWith('dist/client/') && !p.startsWith('dist/console/'),
    );
    expect(compiled.sort()).toEqual([
      'dist/cli.js',
      'dist/coupang/gateway/hmac.js',
      'dist/index.js',
      'dist/launch.js',
      'dist/main.js',
    ]);
  });

  it('asks the consumer to run no build step, and leaves the checkout as it was', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(manifest.scripts?.prepare).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
    expect(readFileSync(join(ROOT, 'package.json'), 'utf8')).toBe(manifestBefore);
  });

  it('serves the API and the console when embedded as the library, and its client imports', async () => {
    const script = `
      import { startServer } from 'baesong';
      import { PortOneClient } from 'baesong/client';
      const server = await startServer({ port: 0 });
      const health = await fetch(server.url + '/healthz');
      const page = await fetch(server.url + '/console/');
      console.log(health.status, page.status, typeof PortOneClient);
      await server.close();
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
    expect(stdout.trim()).toBe('200 200 function');
  });

  it('runs as the baesong command', async () => {
    const { stdout } = await run(process.execPath, [join(installed, 'dist', 'cli.js'), '--version'], {
      cwd: app,
    });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(version);
  });
});
