import { UsageError } from '../../errors.js';
import type { Partition } from '../../snapshot/model.js';
import { isIamPrincipal, roleArnOf, type RemediationSpec } from '../spec.js';
import type { Emitted } from './types.js';

/** The console sign-in host per partition; the iso partitions have no public console. */
export function signinHost(partition: Partition): string | undefined {
  if (partition === 'aws') return 'signin.aws.amazon.com';
  if (partition === 'aws-us-gov') return 'signin.amazonaws-us-gov.com';
  if (partition === 'aws-cn') return 'signin.amazonaws.cn';
  return undefined;
}

/** Where the AWS Support API answers in each partition. */
export function supportApiRegion(partition: Partition): string {
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  if (partition === 'aws-cn') return 'cn-north-1';
  return 'us-east-1';
}

/** The console switch-role URL (path without its slashes at both ends goes before the name). */
export function switchRoleUrl(spec: RemediationSpec): string | undefined {
  const host = signinHost(spec.partition);
  if (!host || !spec.accountId) return undefined;
  const path = spec.path === '/' ? '' : spec.path.slice(1);
  const q = new URLSearchParams({ roleName: `${path}${spec.roleName}`, account: spec.accountId, displayName: `${spec.roleName}@${spec.accountId}` });
  return `https://${host}/switchrole?${q.toString()}`;
}

/** The permission-set name inside an Identity Center role name (`AWSReservedSSO_<set>_<hash>`). */
function permissionSetOf(roleArn: string): string {
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const m = name.match(/^AWSReservedSSO_(.+)_[0-9a-f]+$/);
  return m ? m[1]! : name;
}

/**
 * A Markdown runbook: how each trusted kind of principal gets into the role, open a case, and whom to tell.
 * The ways in differ by principal: IAM users and roles call sts:AssumeRole (CLI or console switch role);
 * Identity Center users first sign in to the AWS access portal with the trusted permission set, then do
 * the same; SAML federation is sts:AssumeRoleWithSAML through the IdP, where `aws sts assume-role` and the
 * switch-role page are refused. A runbook printing the wrong way in fails the responder mid-incident.
 * Needs the account.
 */
export function renderRunbook(spec: RemediationSpec): Emitted {
  if (!spec.accountId) throw new UsageError('the runbook needs the account that holds the role: pass --account <12-digit id>');
  const roleArn = roleArnOf(spec);
  const iam = spec.trustedPrincipals.filter(isIamPrincipal);
  const identityCenter = spec.trustedPrincipals.filter((p) => p.kind === 'identity-center-role');
  const saml = spec.trustedPrincipals.filter((p) => p.kind === 'saml-provider');
  const assumable = iam.length > 0 || identityCenter.length > 0;
  const mfa = spec.requireMfa && iam.length > 0;
  const region = supportApiRegion(spec.partition);
  const url = switchRoleUrl(spec);
  const owner = spec.tags.owner ?? 'unassigned';
  let n = 0;
  const h = (title: string) => `## ${++n}. ${title}`;
  const out = [
    `# Runbook: opening an AWS Support case with ${spec.roleName}`,
    '',
    `Role: \`${roleArn}\` (policy \`arn:${spec.partition}:iam::aws:policy/AWSSupportAccess\`). Owner: **${owner}**.`,
    '',
  ];
  if (saml.length > 0) {
    const host = signinHost(spec.partition);
    out.push(
      h('Sign in through your identity provider (SAML)'),
      '',
      `The trust policy lets ${saml.map((p) => `\`${p.arn}\``).join(', ')} federate into this role with \`sts:AssumeRoleWithSAML\` only:`,
      '`aws sts assume-role` and the console switch-role page are refused for these users.',
      '',
      `1. Sign in to your identity provider (${saml.map((p) => p.arn.slice(p.arn.lastIndexOf('/') + 1)).join(', ')}) and open its AWS application.`,
      host
        ? `2. On the AWS sign-in page (<https://${host}/saml>) choose the role \`${roleArn}\`.`
        : `2. Choose the role \`${roleArn}\` when your identity provider offers the AWS roles.`,
      '',
      'From the command line, hand the base64 SAML assertion your identity provider returns to STS:',
      '',
      '```sh',
      'set -- $(aws sts assume-role-with-saml \\',
      `  --role-arn ${roleArn} \\`,
      `  --principal-arn ${saml[0]!.arn} \\`,
      '  --saml-assertion "$(cat saml-assertion.b64)" \\',
      "  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)",
      'export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3"',
      '```',
      '',
    );
  }
  if (identityCenter.length > 0) {
    out.push(
      h('Sign in through IAM Identity Center'),
      '',
      `1. Sign in to your AWS access portal and open account ${identityCenter.map((p) => p.accountId).filter((a, i, all) => all.indexOf(a) === i).join(', ')} with the permission set ${identityCenter.map((p) => `**${permissionSetOf(p.arn)}**`).join(' or ')}.`,
      `2. From that session, assume \`${roleArn}\` as shown below (console: switch role; command line: \`aws sso login --profile <your-profile>\`, then the assume-role command with \`--profile <your-profile>\`).`,
      '   Identity Center sessions carry no MFA flag, so the trust asks none of them; the portal sign-in is where MFA happens.',
      '',
    );
  }
  if (assumable) {
    const assume = [
      'aws sts assume-role \\',
      `  --role-arn ${roleArn} \\`,
      '  --role-session-name "support-$(whoami)" \\',
      ...(mfa ? ['  --serial-number "$MFA_DEVICE_ARN" --token-code "$MFA_CODE" \\'] : []),
      ...(spec.externalId ? [`  --external-id '${spec.externalId}' \\`] : []),
      "  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text",
    ];
    out.push(
      h('Assume the role from the command line'),
      '',
      `For ${[...(iam.length ? ['IAM users and roles'] : []), ...(identityCenter.length ? ['Identity Center sessions'] : [])].join(' and ')} (\`sts:AssumeRole\`).`,
      '',
      ...(mfa
        ? [
            'The trust policy demands MFA for IAM users and roles. Set your MFA device ARN',
            `(\`aws iam list-mfa-devices --query "MFADevices[].SerialNumber"\`) and the current code${identityCenter.length ? '' : ':'}`,
            ...(identityCenter.length ? ['(Identity Center sessions leave out the `--serial-number` line):'] : []),
            '',
            '```sh',
            'MFA_DEVICE_ARN=arn:' + spec.partition + ':iam::<your-account>:mfa/<your-device>',
            'MFA_CODE=123456',
            '```',
            '',
          ]
        : []),
      '```sh',
      `set -- $(${assume.join('\n')})`,
      'export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3"',
      'aws sts get-caller-identity   # should show assumed-role/' + spec.roleName + '/…',
      '```',
      '',
      `The session lasts at most ${spec.maxSessionDurationSeconds / 3600} hour(s) (add \`--duration-seconds\` to ask for up to ${spec.maxSessionDurationSeconds}).`,
      '',
      h('Or switch role in the console'),
      '',
      ...(url
        ? [`Open <${url}> while signed in to the console as a trusted principal${mfa ? ' (IAM users: signed in with MFA)' : ''}${identityCenter.length ? ' or from the access portal session above' : ''}.`]
        : [`The ${spec.partition} partition has no public console switch-role page; use the command line.`]),
      '',
    );
  }
  out.push(
    h('Open a case'),
    '',
    '```sh',
    `aws support create-case --region ${region} \\`,
    '  --subject "Short summary of the problem" \\',
    '  --communication-body "What happened, when, which resources (ARNs), what you tried" \\',
    '  --service-code general-info --category-code using-aws --severity-code low \\',
    '  --issue-type technical --language en',
    '```',
    '',
    `List valid codes with \`aws support describe-services --region ${region}\` and \`aws support describe-severity-levels --region ${region}\`.`,
    'The Support API needs a Business, Enterprise On-Ramp or Enterprise support plan; on Basic and Developer it answers',
    'SubscriptionRequiredException. Open the case in the console (Support Center) with this role instead: Basic allows',
    'account and billing cases only, Developer also technical cases (general guidance and system impaired).',
    '',
    h('Rehearse it: the drill'),
    '',
    ...(assumable
      ? [
          'Prove before an incident that the role works, and how long it takes to reach AWS Support. From the credentials',
          'you would use in an incident, `supportguard drill` assumes the role, calls the read-only Support API, checks that',
          'iam:ListRoles, s3:ListBuckets, ec2:DescribeRegions and organizations:ListAccounts are denied, and records the',
          'time to engage. `--test-case` also opens AWS\'s "TEST CASE--Please ignore" case and resolves it at once.',
          '',
          '```sh',
          [
            `supportguard drill --role-arn ${roleArn}`,
            ...(mfa ? ['--mfa-serial "$MFA_DEVICE_ARN"'] : []),
            ...(spec.externalId ? [`--external-id '${spec.externalId}'`] : []),
            '--history drills.jsonl',
          ].join(' \\\n  '),
          'supportguard kpi --history drills.jsonl   # MTTES: time to engage support, per account and over time',
          '```',
        ]
      : ['`supportguard drill` needs a principal that can call `sts:AssumeRole` on the role; SAML users rehearse by signing in above.']),
    '',
    h('Who to tell'),
    '',
    `- The role owner (**${owner}**, tag \`owner\` on the role): every use of the role raises the supportguard`,
    '  EventBridge alert (`supportguard emit eventbridge`), so say beforehand that it is you, and why.',
    '- Post the case id in the incident or change ticket.',
    '- Sign out / let the session expire when the case is done; do not store the temporary keys.',
    '',
  );
  return { text: out.join('\n'), notes: [] };
}
