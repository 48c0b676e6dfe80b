import { describe, expect, it } from 'vitest';
import { onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-tags';

describe('support-role-tags', () => {
  it('passes owner and purpose tags, also namespaced and in other case', () => {
    expect(onlyFinding(ID, 'pass.pass.json', 'PASS').message).toBe('aws-support-responders is tagged with an owner and a purpose.');
    expect(onlyFinding(ID, 'pass--namespaced-keys.pass.json', 'PASS').messageId).toBe('pass');
  });

  it('fails an untagged role and gives the tag-role command', () => {
    const f = onlyFinding(ID, 'missing-tags.fail.json', 'FAIL');
    expect(f.message).toBe('aws-support-responders has no owner or purpose tag.');
    expect(f.remediation).toBe('aws iam tag-role --role-name aws-support-responders --tags Key=owner,Value=<team or e-mail> Key=purpose,Value=cis-support-role');
  });

  it('does not count an empty owner value', () => {
    expect(onlyFinding(ID, 'missing-tags--empty-owner.fail.json', 'FAIL').message).toBe('aws-support-responders has no owner tag.');
  });
});
