#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The `supportguard` command. It runs the CLI from one file, dist/bundle/cli.cjs, which `npm run build` writes with
// esbuild from the compiled dist/ tree (the AWS SDK stays outside it, loaded only by the commands that call AWS),
// together with its V8 code cache (src/cli/bundle-loader.ts). Importing the ~110 ES modules of an offline audit one by
// one was most of its start-up (issue 13: bench/startup.mjs). The same code, unbundled, is ./entry.js: it runs when
// SUPPORTGUARD_DEBUG is set, so the stack printed then names the files and lines of dist/, and when no bundle was built.
const bundle = fileURLToPath(new URL('../bundle/cli.cjs', import.meta.url));
if (process.env.SUPPORTGUARD_DEBUG || !existsSync(bundle)) {
  await (await import('./entry.js')).main();
} else {
  const { loadBundle } = await import('./bundle-loader.js');
  await loadBundle(bundle, `${bundle}.v8cache`).cli.main();
}
