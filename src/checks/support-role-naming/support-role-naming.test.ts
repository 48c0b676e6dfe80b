import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';
import { snapshotsFromJson } from '../../snapshot/load.js';
import { runChecks } from '../engine.js';
import { supportRoleNaming } from './index.js';

const ID = 'support-role-naming';

describe('support-role-naming', () => {
  it('passes a role matching naming.rolePattern and fails one that does not, naming the pattern', () => {
    expect(findingsOf(ID, 'pass.pass.json').map((f) => `${f.status} ${f.message}`)).toEqual(['PASS aws-support-responders follows the naming convention ^aws-support-[a-z-]+$.']);
    expect(findingsOf(ID, 'name-mismatch.fail.json').map((f) => `${f.status} ${f.severity} ${f.message}`)).toEqual([
      'FAIL low aws-support-responders does not match the naming convention ^AWSSupport-[A-Za-z]+$.',
    ]);
  });

  it('reports nothing without a naming convention', () => {
    const path = `test/fixtures/checks/${ID}/name-mismatch.fail.json`;
    const result = runChecks([supportRoleNaming], snapshotsFromJson(readFileSync(path, 'utf8'), path), { policy: { responders: [] } });
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([]);
  });
});
