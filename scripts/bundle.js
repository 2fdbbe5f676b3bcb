// Bundles the server and the command line into one CommonJS file with a V8 code cache, and writes
// the two commands that run it: `dist/cli.js` (`baesong`) and `dist/main.js` (`npm start`), in
// place of the files `tsc` wrote for them. A start then reads one file and compiles little,
// instead of resolving, reading and compiling about a thousand modules one by one
// (docs/decisions.md, bench/README.md). The library (`dist/index.js`, `dist/client/`) stays tsc's.
//
// `node scripts/bundle.js [outdir]`, after `tsc -p tsconfig.build.json` (`npm run build` runs both).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const TARGET = 'node20.19';

/**
 * Left to Node at run time: better-sqlite3 loads its compiled addon from its own folder, and pg is
 * loaded only when DATABASE_URL is a PostgreSQL URL (its optional native half, pg-native, is never
 * installed by baesong).
 */
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-native'];

/** `path` as a URL to put in generated code, relative and with forward slashes. */
function relativeUrl(from, to) {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Declared once at the end of the bundle (a declaration, so the whole file sees it; esbuild does
 * not read what it appends, so it does not take this require.resolve for a bundled package).
 */
const PACKAGE_FOLDER = '__baesongPackageFolder';
const PACKAGE_FOLDER_FUNCTION =
  `function ${PACKAGE_FOLDER}(name, folder) {` +
  ' return require("node:path").join(require("node:path").dirname(require.resolve(name)), folder); }';

/**
 * A bundled CommonJS file of node_modules that reads `__dirname` or `__filename` (@fastify/swagger-ui
 * serves its static files and logo from its own folder) gets them as they would be in node_modules:
 * found at run time by resolving its package, wherever the install put it.
 */
const packageFolders = {
  name: 'package-folders',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, ({ path }) => {
      const contents = readFileSync(path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(contents)) return { contents, loader: 'js' };
      const { name, root } = packageOf(path);
      const main = requireFromRoot.resolve(name);
      if (!main.startsWith(root + sep)) {
        // A copy nested under another package: resolving its name from here would find another copy.
        throw new Error(`${path} reads __dirname, and ${name} does not resolve to ${root}`);
      }
      const folder = relative(dirname(main), dirname(path)).split(sep).join('/');
      const prelude =
        `var __dirname = ${PACKAGE_FOLDER}(${JSON.stringify(name)}, ${JSON.stringify(folder)});` +
        ` var __filename = require("node:path").join(__dirname, ${JSON.stringify(basename(path))});`;
      return { contents: `${prelude}\n${contents}`, loader: 'js' };
    });
  },
};

/** The package a file of node_modules belongs to: the nearest folder with a named package.json. */
function packageOf(path) {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name && dir.endsWith(`${sep}node_modules${sep}${name.split('/').join(sep)}`))
      return { name, root: dir };
  }
  throw new Error(`no package found for ${path}`);
}

/**
 * `import.meta.url` in a source file is, in the bundle, the URL of the file tsc writes for it
 * (`src/cli/program.ts` → `dist/cli/program.js`), so paths relative to it (`../../package.json`)
 * lead where they lead in the unbundled build.
 */
function moduleUrls(outdir, bundleDir) {
  return {
    name: 'module-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, ({ path }) => {
        const contents = readFileSync(path, 'utf8');
        if (!contents.includes('import.meta.url')) return { contents, loader: 'ts' };
        const built = join(outdir, relative(join(ROOT, 'src'), path)).replace(/\.ts$/, '.js');
        const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(relativeUrl(bundleDir, built))})).href`;
        return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/** A command that runs the bundle, written in place of tsc's compiled `src/<name>.ts`. */
function command(outdir, bundleFile, { name, shebang, run, source }) {
  const file = join(outdir, `${name}.js`);
  writeFileSync(
    file,
    `${shebang ? '#!/usr/bin/env node\n' : ''}` +
      `// ${source}, run from the bundle. Written by scripts/bundle.js.\n` +
      `import { loadBundle } from './launch.js';\n\n` +
      `await loadBundle(new URL(${JSON.stringify(relativeUrl(outdir, bundleFile))}, import.meta.url)).exports.${run};\n`,
  );
  if (shebang) chmodSync(file, 0o755);
  // tsc's source map described the file this replaces.
  rmSync(`${file}.map`, { force: true });
}

/**
 * Runs one start of the bundle (a server on an in-memory database, asked /healthz once, then
 * closed) and writes V8's code cache of everything that start compiled. Answers whether the start
 * went as it should; the cache is written either way.
 */
async function writeCodeCache(outdir, bundleFile) {
  const { loadBundle } = await import(pathToFileURL(join(outdir, 'launch.js')).href);
  const { exports, script } = loadBundle(bundleFile);
  const names = Object.keys(exports).filter((name) => !COMMANDS.includes(name));
  let warmed = true;
  try {
    const server = await exports.startServer({ port: 0, databaseUrl: ':memory:', logLevel: 'silent' });
    try {
      const res = await globalThis.fetch(`${server.url}/healthz`);
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
    } finally {
      await server.close();
    }
  } catch (err) {
    process.stderr.write(
      `bundle: could not start the bundled server (${err.message}); caching its code unwarmed\n`,
    );
    warmed = false;
  }
  writeFileSync(`${bundleFile}.cache`, script.createCachedData());
  return { warmed, names };
}

/** The bundle's functions that are the two commands, not the library. */
const COMMANDS = ['runCli', 'runMain'];

/**
 * The library's entry (`import … from 'baesong'`), written in place of tsc's compiled
 * `src/index.ts`: the same names, taken from the bundle, so the package's server code is the
 * bundle alone. tsc's `index.d.ts` still types it.
 */
function library(outdir, bundleFile, names) {
  const file = join(outdir, 'index.js');
  writeFileSync(
    file,
    '// The library (src/index.ts), run from the bundle. Written by scripts/bundle.js.\n' +
      `import { loadBundle } from './launch.js';\n\n` +
      `const bundle = loadBundle(new URL(${JSON.stringify(relativeUrl(outdir, bundleFile))}, import.meta.url)).exports;\n` +
      `export const { ${names.join(', ')} } = bundle;\n`,
  );
  rmSync(`${file}.map`, { force: true });
}

/** Whether V8 in a plain `node` accepts the cache: another Node, or other V8 flags, would not. */
function cacheAccepted(outdir, bundleFile) {
  const check =
    `import(${JSON.stringify(pathToFileURL(join(outdir, 'launch.js')).href)})` +
    `.then(({ loadBundle }) => process.stdout.write(String(loadBundle(${JSON.stringify(bundleFile)}).script.cachedDataRejected)))`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8' });
  return result.status === 0 && result.stdout === 'false';
}

/** Builds the bundle, its cache and the two commands into `outdir` (default `dist/`). */
export async function bundle({ outdir = join(ROOT, 'dist') } = {}) {
  const bundleDir = join(outdir, 'bundle');
  // Bundles are named by their content: the last build's would otherwise pile up.
  rmSync(bundleDir, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: { baesong: 'src/bundled.ts' },
    outdir,
    entryNames: 'bundle/[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: TARGET,
    external: EXTERNAL,
    // A script run by vm has no loader for import(): pg, the one dynamic import left to Node,
    // is required instead, as the bundle's CommonJS packages are.
    supported: { 'dynamic-import': false },
    footer: { js: PACKAGE_FOLDER_FUNCTION },
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [packageFolders, moduleUrls(outdir, bundleDir)],
  });
  const bundleFile = join(
    ROOT,
    Object.keys(metafile.outputs).find((file) => file.endsWith('.cjs')),
  );

  // The loader, as tsc compiles it (in dist/ it replaces tsc's copy, and its map, with the same code).
  await build({
    absWorkingDir: ROOT,
    entryPoints: { launch: 'src/launch.ts' },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: TARGET,
    logLevel: 'warning',
  });
  rmSync(join(outdir, 'launch.js.map'), { force: true });
  command(outdir, bundleFile, {
    name: 'cli',
    shebang: true,
    run: 'runCli(process.argv)',
    source: '`baesong` (src/cli.ts)',
  });
  command(outdir, bundleFile, {
    name: 'main',
    shebang: false,
    run: 'runMain()',
    source: '`npm start` (src/main.ts)',
  });

  const { warmed, names } = await writeCodeCache(outdir, bundleFile);
  library(outdir, bundleFile, names);
  const accepted = cacheAccepted(outdir, bundleFile);
  if (!accepted)
    process.stderr.write('bundle: a plain `node` rejects the code cache; starts will compile from source\n');
  return { bundleFile, warmed, accepted };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(process.argv[2] ? { outdir: process.argv[2] } : {});
}
