import { matchesAction } from '../../src/policy/wildcard.js';
import type { Fault, FaultProxy, Reply, SeenRequest } from './fault-proxy.js';

/**
 * What moto does not do, done in front of it: moto 5.2.1 enforces no IAM policy, trust policy or MFA, never
 * throttles, and has no support:DescribeSeverityLevels. `enforce()` turns a FaultProxy into a loopback AWS that
 * does, for the sessions of the roles it is given, answering with the status codes and bodies AWS sends.
 */
export interface EnforcedPolicy {
  /**
   * IAM action patterns (`support:*`) each role's sessions are allowed, by role name; everything else is denied.
   * A role not listed here does not exist: AWS refuses its AssumeRole (moto 5.2.1 hands out a session anyway).
   */
  allow: Record<string, string[]>;
  /** AssumeRole of a role ARN for which this is true is refused as a trust policy refuses it. */
  refuseAssume?: (roleArn: string) => boolean;
  /** Roles whose trust policy demands MFA: AssumeRole must carry this device and code, or come from an MFA session. */
  mfa?: { roles: string[]; serialNumber: string; tokenCode: string };
  /** IAM actions (`s3:ListAllMyBuckets`) answered with throttling, every time: past any retry budget. */
  throttle?: string[];
  /** The account's support plan is Basic or Developer: every Support API call gets SubscriptionRequiredException. */
  basicPlan?: boolean;
}

/** The IAM action behind an API call: they differ for S3 (ListBuckets is authorised as s3:ListAllMyBuckets). */
export function iamActionOf(r: SeenRequest): string {
  if (r.service === 's3' && r.action === 'ListBuckets') return 's3:ListAllMyBuckets';
  return `${r.service}:${r.action}`;
}

/** AWS's severity levels, in the shape DescribeSeverityLevels answers (moto 5.2.1 lacks the operation). */
export const SEVERITY_LEVELS_REPLY: Reply = {
  status: 200,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify({
    severityLevels: [
      { code: 'low', name: 'Low' },
      { code: 'normal', name: 'Normal' },
      { code: 'high', name: 'High' },
      { code: 'urgent', name: 'Urgent' },
      { code: 'critical', name: 'Critical' },
    ],
  }),
};

const sessionArn = (r: SeenRequest) => `arn:aws:sts::${r.account}:assumed-role/${r.role}/session`;

/** AccessDenied as each service words it (status, code). */
function denied(r: SeenRequest, action: string): Fault {
  const who = `User: ${sessionArn(r)} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  if (r.service === 'ec2') return { status: 403, code: 'UnauthorizedOperation', message: `You are not authorized to perform this operation. ${who}` };
  if (r.service === 's3' || r.service === 'iam' || r.service === 'sts') return { status: 403, code: 'AccessDenied', message: who };
  return { status: 400, code: 'AccessDeniedException', message: who };
}

function throttled(r: SeenRequest): Fault {
  if (r.service === 's3') return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
  if (r.service === 'ec2') return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
  if (r.service === 'iam' || r.service === 'sts') return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
  return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
}

const MFA_FAILED: Fault = { status: 403, code: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' };

/** Sets the proxy's rule to enforce `policy`. The caller's own requests (no role session) pass, except as AssumeRole is judged. */
export function enforce(proxy: FaultProxy, policy: EnforcedPolicy): void {
  proxy.rule = (r) => {
    const action = iamActionOf(r);
    if (policy.throttle?.includes(action)) return throttled(r);
    if (r.action === 'GetSessionToken' && policy.mfa && r.params.TokenCode !== undefined) {
      if (r.params.SerialNumber !== policy.mfa.serialNumber || r.params.TokenCode !== policy.mfa.tokenCode) return MFA_FAILED;
    }
    if (r.action === 'AssumeRole') {
      const roleArn = String(r.params.RoleArn ?? '');
      if (policy.refuseAssume?.(roleArn) || !(roleArn.slice(roleArn.lastIndexOf('/') + 1) in policy.allow)) return { status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::123456789012:user/responder is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` };
      const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
      if (policy.mfa?.roles.includes(roleName) && !r.mfaSession) {
        if (r.params.SerialNumber === undefined) return { status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::123456789012:user/responder is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` };
        if (r.params.SerialNumber !== policy.mfa.serialNumber || r.params.TokenCode !== policy.mfa.tokenCode) return MFA_FAILED;
      }
    }
    if (!r.role) return undefined;
    const allowed = (policy.allow[r.role] ?? []).some((p) => matchesAction(p, action));
    if (!allowed) return denied(r, action);
    if (r.service === 'support' && policy.basicPlan) return { status: 400, code: 'SubscriptionRequiredException', message: 'AWS Premium Support Subscription is required to use this service.' };
    if (r.action === 'DescribeSeverityLevels') return SEVERITY_LEVELS_REPLY;
    return undefined;
  };
}
