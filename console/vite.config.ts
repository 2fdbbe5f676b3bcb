/**
 * The console's build: `npm run build` runs it into `dist/console/`, which baesong serves at
 * `/console/` (src/http/console.ts). Asset URLs are relative, so the page works under that prefix.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const NODE_MODULES = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * The page reaches baesong through `SandboxClient` (src/client), which must therefore run in a
 * browser: a Node module on its import path fails the build instead of being stubbed out.
 */
const browserOnly: Plugin = {
  name: 'browser-only',
  enforce: 'pre',
  resolveId(source, importer) {
    if (NODE_MODULES.has(source)) {
      throw new Error(
        `${importer ?? 'the console'} imports the Node module ${source}: the console runs in a browser`,
      );
    }
    return null;
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [browserOnly],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      // The page, and the /docs page's Coupang signer (src/http/docs-page.ts reads it by this name).
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        'docs-signer': fileURLToPath(new URL('src/docs-signer.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'docs-signer' ? 'docs-signer.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  logLevel: 'warn',
});
