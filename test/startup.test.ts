import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERERS } from '../src/report/index.js';
import { REPORT_FORMATS } from '../src/report/formats.js';
import { EMITTERS } from '../src/remediate/renderers/index.js';
import { EMIT_KINDS } from '../src/remediate/renderers/kinds.js';

// Issue 13 §1: a command's code, and the AWS SDK, load only when that command runs. Start-up speed itself is measured
// by bench/startup.mjs, never here; this proves what the built CLI (dist/, built by `npm test`'s pretest) imports.
const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-startup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the built CLI with a resolve hook and returns the URL of every module it imported or required. `unbundled`
 * runs dist/ module by module (what SUPPORTGUARD_DEBUG does), where each command's own files can be told apart.
 */
async function importsOf(args: string[], name: string, unbundled = false): Promise<string[]> {
  const log = join(dir, `${name}.log`);
  const hook = new URL('./fixtures/startup/record-imports.mjs', import.meta.url).href;
  const env = { ...process.env, SUPPORTGUARD_TEST_IMPORT_LOG: log, SUPPORTGUARD_DEBUG: unbundled ? '1' : '' };
  await run(process.execPath, ['--import', hook, 'dist/cli/main.js', ...args], { env });
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

const bundled = (urls: string[]) => urls.some((u) => u.endsWith('/dist/cli/bundle-loader.js')) && !urls.some((u) => u.endsWith('/dist/cli/run.js'));

const sdk = (urls: string[]) => urls.filter((u) => /\/node_modules\/@(aws-sdk|smithy)\//.test(u));

describe('start-up: what each command loads', () => {
  it('--version loads neither the AWS SDK nor any command', async () => {
    const urls = await importsOf(['--version'], 'version', true);
    expect(urls.some((u) => u.endsWith('/dist/cli/run.js'))).toBe(true); // the hook did see the CLI
    expect(sdk(urls)).toEqual([]);
    expect(urls.filter((u) => u.includes('/dist/cli/actions/') || u.includes('/dist/checks/'))).toEqual([]);
    const shipped = await importsOf(['--version'], 'version-bundled');
    expect(bundled(shipped)).toBe(true);
    expect(sdk(shipped)).toEqual([]);
    expect(shipped.filter((u) => u.includes('/node_modules/'))).toEqual([]); // commander is inside the bundle
  });

  it('--help and a command\'s --help load no AWS SDK', async () => {
    expect(sdk(await importsOf(['--help'], 'help'))).toEqual([]);
    expect(sdk(await importsOf(['scan', '--help'], 'scan-help'))).toEqual([]);
  });

  it('checks and an offline audit load no AWS SDK, and only their own command', async () => {
    const checks = await importsOf(['checks'], 'checks', true);
    expect(sdk(checks)).toEqual([]);
    expect(checks.filter((u) => u.includes('/dist/cli/actions/')).map((u) => u.replace(/.*\/dist\//, ''))).toEqual(['cli/actions/checks.js']);
    const example = ['audit', 'examples/accounts/111111111111-support-role.json', '--exit-zero'];
    expect(sdk(await importsOf(example, 'audit', true))).toEqual([]);
    const shipped = await importsOf(example, 'audit-bundled');
    expect(bundled(shipped)).toBe(true);
    expect(sdk(shipped)).toEqual([]);
  });

  it('a command that calls AWS loads only the SDK clients it uses', async () => {
    // kpi --live reads CloudTrail only; an endpoint that refuses the connection ends it after the client is built.
    const log = join(dir, 'kpi.log');
    const hook = new URL('./fixtures/startup/record-imports.mjs', import.meta.url).href;
    const env = { ...process.env, SUPPORTGUARD_TEST_IMPORT_LOG: log, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_MAX_ATTEMPTS: '1' };
    for (const debug of ['1', '']) {
      await rm(log, { force: true });
      await run(process.execPath, ['--import', hook, 'dist/cli/main.js', 'kpi', '--live', '--endpoint-url', 'http://127.0.0.1:9'], { env: { ...env, SUPPORTGUARD_DEBUG: debug } }).catch(() => undefined);
      const urls = (await readFile(log, 'utf8')).split('\n');
      expect(bundled(urls)).toBe(debug === '');
      const clients = urls.map((u) => u.match(/\/node_modules\/@aws-sdk\/(client-[\w-]+)\//)?.[1]).filter(Boolean);
      expect([...new Set(clients)]).toEqual(['client-cloudtrail']);
    }
  });
});

describe('the lists --help shows without loading the renderers', () => {
  it('REPORT_FORMATS are the RENDERERS, in their order', () => {
    expect(Object.keys(RENDERERS)).toEqual([...REPORT_FORMATS]);
  });
  it('EMIT_KINDS are the EMITTERS, in their order', () => {
    expect(Object.keys(EMITTERS)).toEqual([...EMIT_KINDS]);
  });
});

describe('loadRenderer', () => {
  it('gives each format the renderer RENDERERS holds under its name', async () => {
    const { loadRenderer } = await import('../src/report/load.js');
    for (const format of REPORT_FORMATS) expect(await loadRenderer(format)).toBe(RENDERERS[format]);
  });
});
