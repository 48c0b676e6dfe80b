import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** What the bundled CLI (dist/bundle/cli.cjs, entry src/cli/entry.ts) exports. */
export interface BundledCli {
  main(): Promise<void>;
  runCli: typeof import('./run.js').runCli;
}

/** How the V8 code cache beside the bundle was used: `absent` (no file), `rejected` (another V8 or other flags), `accepted`. */
export type CacheUse = 'absent' | 'rejected' | 'accepted';

export interface LoadedBundle {
  cli: BundledCli;
  cache: CacheUse;
  /** The V8 code cache of the bundle as it is now: every function compiled so far included (scripts/bundle-cli.mjs). */
  createCache(): Buffer;
}

/** The CommonJS module wrapper Node itself puts around a `.cjs` file. */
const WRAP = ['(function (exports, require, module, __filename, __dirname) { ', '\n})'] as const;

/**
 * Compiles and runs the one-file CLI the way Node's CommonJS loader would, but with the V8 code cache that
 * `npm run build` wrote beside it (Node 20 has no `module.enableCompileCache`; Node 22 does this for itself). V8 checks
 * the cache against its own version, the flags and the source, and compiles from the source when it does not fit,
 * so a cache from another Node is only unused, never wrong. Without `cacheFile` (the build, making the cache) none is read. The cache is only read from the package's own folder,
 * never from a shared place such as the temporary folder: a cache is code, and another user could plant one there.
 */
export function loadBundle(file: string, cacheFile?: string): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(WRAP[0] + source + WRAP[1], {
    filename: file,
    cachedData,
    // The bundle's one real dynamic import (the precompiled config validator, an ES module, by absolute URL) goes to
    // Node's own loader. (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER is lost once a function comes from the cache.)
    importModuleDynamically: ((specifier: string) => import(specifier)) as unknown as vm.ScriptOptions['importModuleDynamically'],
  });
  const cache: CacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as BundledCli };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  return { cli: module.exports, cache, createCache: () => script.createCachedData() };
}
