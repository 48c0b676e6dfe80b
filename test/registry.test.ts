import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/registry.js';
import { runChecks } from '../src/checks/engine.js';
import { snapshotsFromJson } from '../src/snapshot/load.js';
import { policyOfFixture } from './helpers/fixtures.js';
import { VERSION } from '../src/version.js';

/**
 * The registry's contract, after ESLint's rule tests:
 * - ids are unique kebab-case, each has docs/checks/<id>.md;
 * - each check has fixtures test/fixtures/checks/<id>/<messageId>[--label].<pass|fail|info|error>.json,
 *   at least one pass and one fail, and every message id appears in some fixture name;
 * - each fixture produces, for that check, a finding with exactly that status and message id,
 *   and nothing worse (no ERROR from a fixture that should be judged; `.error.json` is for a check's own ERROR message);
 * - a fixture judged under an organization policy (supportguard.yml keys) has it beside it as `<name>.policy.json`.
 */
const FIXTURES = 'test/fixtures/checks';
const STATUS_OF = { pass: 'PASS', fail: 'FAIL', info: 'INFO', error: 'ERROR' } as const;

function fixturesOf(id: string) {
  const dir = join(FIXTURES, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => ({ file, m: file.match(/^([a-z0-9-]+?)(?:--[a-z0-9-]+)?\.(pass|fail|info|error)\.json$/) }))
    .filter((x) => x.m)
    .map(({ file, m }) => ({ file: join(dir, file), messageId: m![1]!, status: STATUS_OF[m![2] as keyof typeof STATUS_OF] }));
}

describe('check registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('keeps the version equal to package.json', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).version).toBe(VERSION);
  });

  for (const check of CHECKS) {
    describe(check.id, () => {
      it('has a docs page that names its id and every message id', () => {
        const page = `docs/checks/${check.id}.md`;
        expect(existsSync(page), `${page} is missing`).toBe(true);
        const text = readFileSync(page, 'utf8');
        expect(text).toContain(check.id);
        for (const id of Object.keys(check.messages)) expect(text, `${page} does not mention message ${id}`).toContain(id);
      });

      it('has a title that states the good state, not "Ensure…", and a reason for its severity', () => {
        expect(check.title).not.toMatch(/^ensure/i);
        expect(check.severityReason.length).toBeGreaterThan(20);
      });

      it('has a pass and a fail fixture, and every message id is used by a fixture', () => {
        const fx = fixturesOf(check.id);
        expect(fx.some((f) => f.status === 'PASS'), 'no *.pass.json fixture').toBe(true);
        expect(fx.some((f) => f.status === 'FAIL'), 'no *.fail.json fixture').toBe(true);
        for (const id of Object.keys(check.messages)) {
          expect(fx.map((f) => f.messageId), `message "${id}" has no fixture`).toContain(id);
        }
      });

      for (const fx of fixturesOf(check.id)) {
        it(`${fx.file} gives ${fx.status} ${fx.messageId}`, () => {
          const accounts = snapshotsFromJson(readFileSync(fx.file, 'utf8'), fx.file);
          const findings = runChecks([check], accounts, { policy: policyOfFixture(fx.file) }).findings;
          // A *.error.json fixture is a check's own "cannot judge" outcome; any other ERROR is a broken fixture.
          if (fx.status !== 'ERROR') expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
          expect(findings.map((f) => `${f.status} ${f.messageId}`)).toContain(`${fx.status} ${fx.messageId}`);
          if (fx.status === 'PASS') expect(findings.filter((f) => f.status === 'FAIL')).toEqual([]);
        });
      }
    });
  }
});
