import { describe, expect, it } from 'vitest';
import { buildIacSnapshot } from './build.js';
import { readIacText } from './read.js';

/** Reads one YAML template and returns its roles, attachments resolved. */
function rolesOf(yaml: string, opts: Parameters<typeof readIacText>[2] = {}) {
  const snapshot = buildIacSnapshot([readIacText(yaml, 'template.yaml', opts)], { partition: opts.partition ?? 'aws', accountId: opts.accountId });
  if (snapshot.iam?.status !== 'ok') throw new Error('no iam');
  return { roles: snapshot.iam.data.roles, snapshot };
}

const template = (roleProperties: string, extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
${extra}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
${roleProperties
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

describe('CloudFormation intrinsic functions', () => {
  it('!Sub in both forms: a string with pseudo parameters, and [template, variables]', () => {
    const { roles } = rolesOf(
      template(`
RoleName: !Sub ['support-\${Suffix}', { Suffix: !Ref AWS::Region }]
ManagedPolicyArns:
  - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/AWSSupportAccess'
  - !Sub ['arn:\${P}:iam::aws:policy/ReadOnlyAccess', { P: !Ref AWS::Partition }]
`),
      { partition: 'aws-us-gov' },
    );
    // AWS::Region is known only at deploy: the role keeps its logical id as name
    expect(roles[0]!.name).toBe('Role');
    expect(roles[0]!.attachedManagedPolicies.map((p) => p.arn)).toEqual(['arn:aws-us-gov:iam::aws:policy/AWSSupportAccess', 'arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess']);
  });

  it('${!Literal} stays literal and !GetAtt Role.Arn is the synthesised ARN with path', () => {
    const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Target:
    Type: AWS::IAM::Role
    Properties:
      RoleName: target
      Path: /ops/
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub 'literal-\${!NotAVariable}'
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Target.Arn }
            Action: sts:AssumeRole
`;
    const { roles } = rolesOf(yaml, { accountId: '123456789012' });
    const role = roles.find((r) => r.name === 'literal-${NotAVariable}')!;
    expect(role.trustPolicy).toEqual({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/ops/target' }, Action: 'sts:AssumeRole' }] });
  });

  it('!Join, !Select, !Split and !FindInMap resolve when their inputs are known', () => {
    const { roles } = rolesOf(
      template(
        `
RoleName: !Select [1, !Split [',', 'a,support-role,c']]
ManagedPolicyArns:
  - !Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::aws:policy/', !FindInMap [Policies, Support, Name]]]
`,
        'Mappings:\n  Policies:\n    Support:\n      Name: AWSSupportAccess',
      ),
    );
    expect(roles[0]!.name).toBe('support-role');
    expect(roles[0]!.attachedManagedPolicies).toEqual([{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }]);
  });

  it('!If on a condition decided by parameter defaults takes that branch; AWS::NoValue removes the element', () => {
    const extra = `Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Equals [a, a]]]`;
    const { roles } = rolesOf(
      template(
        `
ManagedPolicyArns:
  - !If [Both, arn:aws:iam::aws:policy/AWSSupportAccess, !Ref AWS::NoValue]
  - !If [NotProd, arn:aws:iam::aws:policy/AdministratorAccess, !Ref AWS::NoValue]
`,
        extra,
      ),
    );
    expect(roles[0]!.attachedManagedPolicies.map((p) => p.name)).toEqual(['AWSSupportAccess']);
  });

  it('!If on an undecidable condition is known only when both branches agree', () => {
    const extra = `Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]`;
    const { roles, snapshot } = rolesOf(
      template(
        `
ManagedPolicyArns:
  - !If [IsProd, arn:aws:iam::aws:policy/AWSSupportAccess, arn:aws:iam::aws:policy/AWSSupportAccess]
  - !If [IsProd, arn:aws:iam::aws:policy/ReadOnlyAccess, !Ref AWS::NoValue]
`,
        extra,
      ),
    );
    expect(roles[0]!.attachedManagedPolicies.map((p) => p.name)).toEqual(['AWSSupportAccess']);
    expect(snapshot.iac!.unresolved).toEqual([
      { address: 'Role', attribute: 'ManagedPolicyArns[1]', reason: 'depends on condition IsProd, which cannot be decided before deploy', location: { file: 'template.yaml', line: 7, column: 3 } },
    ]);
  });

  it('a !Sub with an unknown part keeps the known text in policy documents for the quality checks', () => {
    const { roles } = rolesOf(
      template(
        `
AssumeRolePolicyDocument:
  Statement:
    - Effect: Allow
      Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${SecurityAccount}:root' }
      Action: sts:AssumeRole
`,
        'Parameters:\n  SecurityAccount: { Type: String }',
      ),
    );
    expect(roles[0]!.trustPolicy?.Statement).toEqual([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::${SecurityAccount}:root' }, Action: 'sts:AssumeRole' }]);
  });

  it('a CommaDelimitedList parameter default feeds ManagedPolicyArns as a list', () => {
    const { roles } = rolesOf(
      template('ManagedPolicyArns: !Ref Policies', 'Parameters:\n  Policies:\n    Type: CommaDelimitedList\n    Default: "arn:aws:iam::aws:policy/AWSSupportAccess, arn:aws:iam::aws:policy/ReadOnlyAccess"'),
    );
    expect(roles[0]!.attachedManagedPolicies.map((p) => p.name)).toEqual(['AWSSupportAccess', 'ReadOnlyAccess']);
  });

  it('AWS::IAM::ManagedPolicy and AWS::IAM::Policy attach to the roles they list; tags and inline policies are kept', () => {
    const yaml = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: responders
      Tags: [{ Key: team, Value: secops }]
      Policies:
        - PolicyName: own
          PolicyDocument: { Statement: [{ Effect: Allow, Action: 'support:DescribeCases', Resource: '*' }] }
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: responder-extras
      Path: /team/
      Roles: [!Ref Role]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: 'health:Describe*', Resource: '*' }] }
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: 'support:*', Resource: '*' }] }
`;
    const { roles, snapshot } = rolesOf(yaml, { accountId: '123456789012' });
    expect(roles[0]!.tags).toEqual({ team: 'secops' });
    expect(roles[0]!.attachedManagedPolicies).toEqual([{ name: 'responder-extras', arn: 'arn:aws:iam::123456789012:policy/team/responder-extras' }]);
    expect(roles[0]!.inlinePolicies.map((p) => p.name)).toEqual(['own', 'extra']);
    expect(snapshot.iam?.status === 'ok' && snapshot.iam.data.policies.map((p) => [p.name, p.awsManaged])).toEqual([['responder-extras', false]]);
  });

  it('refuses a Ref to something the template does not define, naming it', () => {
    expect(() => readIacText(template('RoleName: !Ref Missing'), 'template.yaml')).toThrow('template.yaml: Ref to Missing, which is neither a parameter nor a resource of this template');
  });

  it('refuses a condition that refers to itself instead of looping', () => {
    expect(() => readIacText(template('RoleName: !If [Loop, a, b]', 'Conditions:\n  Loop: !Not [!Condition Loop]'), 'template.yaml')).toThrow('template.yaml: condition Loop refers to itself');
  });
});

describe('CloudFormation language extensions', () => {
  it('reports an Fn::ForEach loop under Resources instead of refusing the template', () => {
    const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Roles:
    - Name
    - [a, b]
    - Role\${Name}:
        Type: AWS::IAM::Role
        Properties:
          ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
`;
    const { roles, snapshot } = rolesOf(yaml);
    expect(roles).toEqual([]);
    expect(snapshot.iac!.unresolved.map((u) => `${u.address}: ${u.reason}`)).toEqual(['Fn::ForEach::Roles: Fn::ForEach is expanded only at deploy; the resources it makes were not read']);
  });
});
