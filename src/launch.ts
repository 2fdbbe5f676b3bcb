/**
 * Runs the bundle that scripts/bundle.js builds: the whole server and command line in one
 * CommonJS file (`dist/bundle/baesong-<hash>.cjs`), compiled with the V8 code cache written
 * beside it (`.cjs.cache`). A start then neither resolves and reads about a thousand modules
 * one by one, nor parses and compiles what the cache already holds (docs/decisions.md).
 *
 * The cache holds V8 bytecode for this very file (its name changes with its content) and is
 * checked by V8 itself: another Node version or other V8 flags reject it, and the file is then
 * compiled from source, as any module would be.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as Bundled from './bundled.js';

export type BundleExports = typeof Bundled;

export interface LoadedBundle {
  exports: BundleExports;
  /** The compiled script, whose `createCachedData()` the build writes as the cache. */
  script: Script;
}

/** Compiles and runs the bundle as Node runs a CommonJS module, with its code cache when there is one. */
export function loadBundle(file: string | URL): LoadedBundle {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  const source = readFileSync(path, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${path}.cache`);
  } catch {
    // No cache: V8 compiles from source.
  }
  // Node's own module wrapper, before the source on its first line: stack traces keep the file's
  // lines and columns.
  const wrapper = '(function (exports, require, module, __filename, __dirname) { ';
  const script = new Script(`${wrapper}${source}\n})`, {
    filename: path,
    columnOffset: -wrapper.length,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as BundleExports };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return { exports: module.exports, script };
}
