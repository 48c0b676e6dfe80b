import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// With no supportguard.yml a command loads neither the YAML parser nor the validator; with one it loads the
// precompiled validator and never ajv. Speed itself is bench/startup.mjs's business; this proves what is imported.
const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-config-startup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What `checks` imports or requires, as the shipped one-file CLI runs it or (`unbundled`, SUPPORTGUARD_DEBUG) dist/. */
async function importsOf(cwd: string, name: string, unbundled: boolean): Promise<string[]> {
  const log = join(dir, `${name}.log`);
  const hook = new URL('./fixtures/startup/record-imports.mjs', import.meta.url).href;
  const env = { ...process.env, SUPPORTGUARD_TEST_IMPORT_LOG: log, SUPPORTGUARD_DEBUG: unbundled ? '1' : '' };
  await run(process.execPath, ['--import', hook, resolve('dist/cli/main.js'), 'checks'], { cwd, env });
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

describe('config loading at start-up', () => {
  it.each([
    ['module by module', true, 'schema/supportguard.validate.mjs'],
    ['as the one-file CLI', false, 'dist/bundle/validate.cjs'],
  ])('costs no parser and no validator without a config file, and no ajv with one (%s)', async (how, unbundled, validatorFile) => {
    const empty = join(dir, 'empty');
    await run('mkdir', ['-p', empty]);
    const without = await importsOf(empty, `without-${unbundled}`, unbundled);
    expect(without.some((u) => u.endsWith('/dist/cli/bundle-loader.js'))).toBe(!unbundled);
    expect(without.filter((u) => /\/yaml\/|supportguard\.validate\.mjs|validate\.c?js|\/ajv\//.test(u))).toEqual([]);
    const withFile = join(dir, 'with');
    await run('mkdir', ['-p', withFile]);
    await copyFile('examples/supportguard.yml', join(withFile, 'supportguard.yml'));
    const loaded = await importsOf(withFile, `with-${unbundled}`, unbundled);
    expect(loaded.some((u) => u.endsWith(validatorFile))).toBe(true);
    expect(loaded.some((u) => /\/node_modules\/yaml\//.test(u))).toBe(true);
    expect(loaded.filter((u) => /\/ajv\//.test(u))).toEqual([]);
  });
});
