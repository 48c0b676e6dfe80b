import { describe, expect, it } from 'vitest';
import { matchMetricFilter, MetricFilterPatternError, parseMetricFilterPattern } from './metric-filter.js';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/aws-support';

/** CloudTrail records as a trail writes them to CloudWatch Logs (one JSON object per log event). */
const assumeRole = {
  eventVersion: '1.08',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  userIdentity: { type: 'AssumedRole', accountId: '111111111111' },
  requestParameters: { roleArn: ROLE_ARN, roleSessionName: 'responder', durationSeconds: 3600 },
  resources: [{ ARN: ROLE_ARN, accountId: '111111111111', type: 'AWS::IAM::Role' }],
  readOnly: false,
  managementEvent: true,
  eventType: 'AwsApiCall',
};
const detach = { ...assumeRole, eventSource: 'iam.amazonaws.com', eventName: 'DetachRolePolicy', requestParameters: { roleName: 'aws-support', policyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }, resources: undefined };
const deleteRole = { ...detach, eventName: 'DeleteRole', requestParameters: { roleName: 'aws-support' } };

// The CIS AWS Foundations Benchmark monitoring filters (section 4.x in 1.4–2.0, 3.x/5.x later), verbatim.
const CIS_UNAUTHORIZED_API_CALLS =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';
const CIS_IAM_POLICY_CHANGES =
  '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}';
const CIS_ROOT_USAGE = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const CIS_CONSOLE_WITHOUT_MFA = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
const ASSUME_ONE_ROLE = `{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${ROLE_ARN}") }`;

describe('CloudWatch Logs JSON filter patterns', () => {
  it('matches AssumeRole of one role by ARN, and not of another role or another event', () => {
    expect(matchMetricFilter(ASSUME_ONE_ROLE, assumeRole)).toBe('match');
    expect(matchMetricFilter(ASSUME_ONE_ROLE, { ...assumeRole, requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/other' } })).toBe('no-match');
    expect(matchMetricFilter(ASSUME_ONE_ROLE, detach)).toBe('no-match');
  });

  it('reads the CIS "IAM policy changes" filter: DetachRolePolicy matches, AssumeRole and DeleteRole do not', () => {
    expect(matchMetricFilter(CIS_IAM_POLICY_CHANGES, detach)).toBe('match');
    expect(matchMetricFilter(CIS_IAM_POLICY_CHANGES, assumeRole)).toBe('no-match');
    expect(matchMetricFilter(CIS_IAM_POLICY_CHANGES, deleteRole)).toBe('no-match');
  });

  it('reads the CIS "unauthorized API calls" filter: a denied call matches, a successful one does not', () => {
    expect(matchMetricFilter(CIS_UNAUTHORIZED_API_CALLS, assumeRole)).toBe('no-match');
    expect(matchMetricFilter(CIS_UNAUTHORIZED_API_CALLS, { ...assumeRole, errorCode: 'AccessDenied' })).toBe('match');
    expect(matchMetricFilter(CIS_UNAUTHORIZED_API_CALLS, { ...assumeRole, errorCode: 'Client.UnauthorizedOperation' })).toBe('match');
    // && binds tighter than ||: the second alternative needs the source IP and event name conditions too.
    expect(matchMetricFilter(CIS_UNAUTHORIZED_API_CALLS, { ...assumeRole, errorCode: 'AccessDenied', eventName: 'HeadBucket' })).toBe('no-match');
  });

  it('reads the CIS root-usage filter with NOT EXISTS and the console-without-MFA filter', () => {
    const root = { ...assumeRole, userIdentity: { type: 'Root' } };
    expect(matchMetricFilter(CIS_ROOT_USAGE, root)).toBe('match');
    expect(matchMetricFilter(CIS_ROOT_USAGE, { ...root, userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' } })).toBe('no-match');
    expect(matchMetricFilter(CIS_ROOT_USAGE, assumeRole)).toBe('no-match');
    expect(matchMetricFilter(CIS_CONSOLE_WITHOUT_MFA, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } })).toBe('match');
    expect(matchMetricFilter(CIS_CONSOLE_WITHOUT_MFA, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'Yes' } })).toBe('no-match');
  });

  it('treats * as any run of characters anywhere in a value, quoted or bare', () => {
    expect(matchMetricFilter('{ $.requestParameters.roleArn = "*:role/aws-support" }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.requestParameters.roleArn = arn:aws:iam::*:role/aws-* }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.eventName = Assume*Role }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.eventName = Assume*X }', assumeRole)).toBe('no-match');
    expect(matchMetricFilter('{ $.eventName != "Detach*" }', assumeRole)).toBe('match');
  });

  it('compares numbers, and booleans with IS TRUE / IS FALSE, and null with IS NULL', () => {
    expect(matchMetricFilter('{ $.requestParameters.durationSeconds >= 3600 }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.requestParameters.durationSeconds < 3600 }', assumeRole)).toBe('no-match');
    expect(matchMetricFilter('{ $.requestParameters.durationSeconds = 3600 }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.managementEvent IS TRUE && $.readOnly IS FALSE }', assumeRole)).toBe('match');
    expect(matchMetricFilter('{ $.readOnly IS TRUE }', assumeRole)).toBe('no-match');
    expect(matchMetricFilter('{ $.errorCode IS NULL }', { ...assumeRole, errorCode: null })).toBe('match');
    expect(matchMetricFilter('{ $.errorCode IS NULL }', assumeRole)).toBe('no-match');
  });

  it('indexes arrays with $.a[0] and groups with parentheses', () => {
    expect(matchMetricFilter(`{ $.resources[0].ARN = "${ROLE_ARN}" }`, assumeRole)).toBe('match');
    expect(matchMetricFilter(`{ $.resources[1].ARN = "${ROLE_ARN}" }`, assumeRole)).toBe('no-match');
    expect(matchMetricFilter('{ ($.eventName = DeleteRole || $.eventName = DetachRolePolicy) && ($.requestParameters.roleName = "aws-support") }', deleteRole)).toBe('match');
    expect(matchMetricFilter('{ ($.eventName = DeleteRole || $.eventName = DetachRolePolicy) && ($.requestParameters.roleName = "aws-support") }', assumeRole)).toBe('no-match');
  });

  it('does not decide != on a field the event lacks (AWS does not document it), unless the rest of the pattern decides', () => {
    expect(matchMetricFilter('{ $.errorCode != "AccessDenied" }', assumeRole)).toBe('unknown');
    expect(matchMetricFilter('{ $.eventName = "AssumeRole" && $.errorCode != "AccessDenied" }', assumeRole)).toBe('unknown');
    expect(matchMetricFilter('{ $.eventName = "DeleteRole" && $.errorCode != "AccessDenied" }', assumeRole)).toBe('no-match');
    expect(matchMetricFilter('{ $.eventName = "AssumeRole" || $.errorCode != "AccessDenied" }', assumeRole)).toBe('match');
  });

  it('refuses what it cannot read exactly, naming why', () => {
    const refused = (p: string) => {
      try {
        parseMetricFilterPattern(p);
      } catch (e) {
        expect(e).toBeInstanceOf(MetricFilterPatternError);
        return (e as Error).message;
      }
      throw new Error(`parsed: ${p}`);
    };
    expect(refused('AssumeRole')).toBe('not a JSON filter pattern ({ $.field = value }): term and space-delimited patterns are not evaluated');
    expect(refused('')).toBe('the empty pattern matches every log event, not a JSON filter');
    expect(refused('{ $.eventName = %Assume.*% }')).toBe('regular expression values (%Assume.*%) are not evaluated by supportguard');
    expect(refused('{ $.eventName = %AssumeRole|DeleteRole% }')).toBe('regular expression values (%AssumeRole|DeleteRole%) are not evaluated by supportguard');
    expect(refused('{ $.eventName = "AssumeRole" ')).toBe('pattern ends where "}" was expected');
    expect(refused('{ $.eventName = "AssumeRole }')).toBe('unterminated quoted string at character 17');
    expect(refused('{ $.resources[*].ARN = "x" }')).toBe('selector "$.resources[*].ARN" is not supported at "[*].ARN" (only $.name and $.name[0] steps)');
    expect(refused('{ $.eventName > "AssumeRole" }')).toBe('> needs a number, got "AssumeRole"');
    expect(refused('{ $.eventName IS MISSING }')).toBe('"IS MISSING" is not a filter pattern keyword (IS TRUE, IS FALSE, IS NULL, NOT EXISTS)');
    expect(refused('{ eventName = AssumeRole }')).toBe('a selector starts with "$.", got "eventName"');
    expect(refused('{ $.a = 1 } extra')).toBe('unexpected "extra" after the closing "}" at character 13');
  });
});
