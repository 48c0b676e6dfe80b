import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-trust-policy';
const lines = (file: string) => findingsOf(ID, file).map((f) => `${f.status} ${f.severity} ${f.messageId}: ${f.message}`);

describe('support-role-trust-policy with known third parties (supportguard.yml thirdParties)', () => {
  it('names the MSP instead of "foreign account" when its trust carries an ExternalId', () => {
    expect(lines('pass--known-third-party.pass.json')).toEqual([
      'PASS high pass: The trust policy of aws-support-responders admits only: role arn:aws:iam::222222222222:role/partner-support (Acme MSP).',
    ]);
  });

  it('fails a known third party trusted without the ExternalId it requires, naming it', () => {
    expect(lines('third-party-no-external-id.fail.json')).toEqual([
      'FAIL high third-party-no-external-id: aws-support-responders trusts Acme MSP (arn:aws:iam::222222222222:role/partner-support) without an sts:ExternalId condition; the organization requires one for this third party (confused-deputy rule).',
    ]);
  });

  it('accepts a third party without ExternalId when the config says it needs none', () => {
    expect(lines('pass--third-party-external-id-not-required.pass.json')).toEqual([
      'PASS high pass: The trust policy of aws-support-responders admits only: role arn:aws:iam::222222222222:role/partner-support (Acme MSP).',
    ]);
  });

  it('fails an account that is neither in the organization nor a known third party, even with an ExternalId', () => {
    expect(lines('unknown-foreign-account.fail.json')).toEqual([
      'FAIL high unknown-foreign-account: aws-support-responders trusts arn:aws:iam::333333333333:role/vendor-support: account(s) 333333333333 are neither in your organization nor a known third party of supportguard.yml.',
    ]);
  });

  it('keeps organization accounts known automatically (knownAccounts from --org or --known-accounts)', () => {
    expect(lines('pass--organization-account-with-third-parties.pass.json')).toEqual([
      'PASS high pass: The trust policy of aws-support-responders admits only: account 222222222222 (same-organization).',
    ]);
  });
});
