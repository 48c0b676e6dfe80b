import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const IN = 'test/fixtures/inputs';

/** Issue 14: inputs shaped like the published exports, templates and plans that were misjudged or refused. */
describe('audit of exports that lack a list', () => {
  it('gives ERROR, naming RoleDetailList, for a file holding only Policies (aws iam list-policies --only-attached), not "no support role"', async () => {
    // Given the output of `aws iam list-policies --only-attached`, AWSSupportAccess attached to something unnamed
    const r = await cli(['audit', `${IN}/111111111111-list-policies-only-attached.json`, '--check', 'cis-support-role']);
    // Then the account is not judged (exit 3), and the message says which list is missing and how to export it
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe(
      [
        'account 111111111111  ERROR',
        '  ERROR medium   cis-support-role',
        '        Not judged: iam could not be read (iam:GetAccountAuthorizationDetails): Incomplete:',
        `        ${IN}/111111111111-list-policies-only-attached.json has no RoleDetailList (an`,
        "        export made with --filter that leaves out Role, or another command's output such as aws iam",
        '        list-policies), so it cannot show which roles have AWSSupportAccess; export it with aws iam',
        '        get-account-authorization-details, without --filter',
        '',
        '1 account(s): 0 PASS, 0 FAIL, 1 ERROR; CIS support-role pass rate n/a of judged accounts.',
        '',
      ].join('\n'),
    );
  });
});
