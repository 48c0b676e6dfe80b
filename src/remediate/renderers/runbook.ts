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

/** A Markdown runbook: assume the role (CLI and console), open a case, and whom to tell. Needs the account. */
export function renderRunbook(spec: RemediationSpec): Emitted {
  if (!spec.accountId) throw new UsageError('the runbook needs the account that holds the role: pass --account <12-digit id>');
  const roleArn = roleArnOf(spec);
  const mfa = spec.requireMfa && spec.trustedPrincipals.some(isIamPrincipal);
  const region = supportApiRegion(spec.partition);
  const assume = [
    'aws sts assume-role \\',
    `  --role-arn ${roleArn} \\`,
    '  --role-session-name "support-$(whoami)" \\',
    ...(mfa ? ['  --serial-number "$MFA_DEVICE_ARN" --token-code "$MFA_CODE" \\'] : []),
    ...(spec.externalId ? [`  --external-id '${spec.externalId}' \\`] : []),
    "  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text",
  ];
  const url = switchRoleUrl(spec);
  const owner = spec.tags.owner ?? 'unassigned';
  const out = [
    `# Runbook: opening an AWS Support case with ${spec.roleName}`,
    '',
    `Role: \`${roleArn}\` (policy \`arn:${spec.partition}:iam::aws:policy/AWSSupportAccess\`). Owner: **${owner}**.`,
    '',
    '## 1. Assume the role from the command line',
    '',
    ...(mfa
      ? [
          'The trust policy demands MFA for IAM users and roles. Set your MFA device ARN',
          '(`aws iam list-mfa-devices --query "MFADevices[].SerialNumber"`) and the current code:',
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
    '## 2. Or switch role in the console',
    '',
    ...(url
      ? [`Open <${url}> while signed in to the console as a trusted principal${mfa ? ' (signed in with MFA)' : ''}.`]
      : [`The ${spec.partition} partition has no public console switch-role page; use the command line.`]),
    'IAM Identity Center users: sign in through the access portal first, then switch role.',
    '',
    '## 3. Open a case',
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
    'The Support API needs a Business, Enterprise On-Ramp or Enterprise support plan: on the Basic (or Developer)',
    'plan it answers SubscriptionRequiredException, and only account and billing cases can be opened, in the',
    'console (Support Center) with this role.',
    '',
    '## 4. Who to tell',
    '',
    `- The role owner (**${owner}**, tag \`owner\` on the role): every use of the role raises the supportguard`,
    '  EventBridge alert (`supportguard emit eventbridge`), so say beforehand that it is you, and why.',
    '- Post the case id in the incident or change ticket.',
    '- Sign out / let the session expire when the case is done; do not store the temporary keys.',
    '',
  ];
  return { text: out.join('\n'), notes: [] };
}
