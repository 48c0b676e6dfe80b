/* global URL */
// Empties dist/ before a build: tsc never deletes what it no longer writes, so a .js of a removed module, or the
// .js.map files of a build from before source maps were dropped, would otherwise ship in the npm package.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
