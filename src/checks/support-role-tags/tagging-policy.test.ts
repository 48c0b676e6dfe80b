import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-tags';
const lines = (file: string) => findingsOf(ID, file).map((f) => `${f.status} ${f.messageId}: ${f.message}`);

describe('support-role-tags with a tagging policy (supportguard.yml tagging.required)', () => {
  it('passes a role that carries every required key with an allowed value', () => {
    expect(lines('policy-pass.pass.json')).toEqual(['PASS policy-pass: aws-support-responders carries every tag the tagging policy requires (owner, purpose).']);
  });

  it('fails a missing or empty key (an empty rule means present and not empty)', () => {
    expect(lines('policy-tag-missing.fail.json')).toEqual(['FAIL policy-tag-missing: aws-support-responders has no cost-center tag; the tagging policy requires it.']);
    expect(lines('policy-tag-missing--empty-value.fail.json')).toEqual(['FAIL policy-tag-missing: aws-support-responders has an empty cost-center tag; the tagging policy requires it.']);
  });

  it('fails a value outside the list and a value that does not match the pattern, naming the key and the rule', () => {
    expect(lines('policy-tag-value-not-allowed.fail.json')).toEqual([
      'FAIL policy-tag-value-not-allowed: aws-support-responders has tag purpose=debugging; the tagging policy allows only: cis-support-role, incident-response.',
    ]);
    expect(lines('policy-tag-pattern-mismatch.fail.json')).toEqual([
      'FAIL policy-tag-pattern-mismatch: aws-support-responders has tag owner=secops, which does not match the tagging policy pattern ^[^@]+@example\\.com$.',
    ]);
    const [f] = findingsOf(ID, 'policy-tag-pattern-mismatch.fail.json');
    expect(f!.remediation).toBe('aws iam tag-role --role-name aws-support-responders --tags Key=owner,Value=<value matching the pattern>');
  });
});
