import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { rng } from '../helpers/rng.js';
import { assumeRoleDecision, type AssumeRoleInput } from '../../src/policy/assume.js';
import { RequestContext } from '../../src/policy/context.js';
import type { PolicyDocument, PolicyStatement } from '../../src/snapshot/model.js';

/**
 * Differential test of the AssumeRole decision (trust policy + identity + boundary + SCP, same-account and
 * cross-account rules) against @cloud-copilot/iam-simulate, a devDependency used only here as an oracle.
 */

const A = '111111111111';
const B = '222222222222';
const ROLE = `arn:aws:iam::${A}:role/support`;
const CASES = 400;

/** Who asks: our view (a role is its role ARN) and the oracle's (a role acts through a session ARN). */
const PRINCIPALS = [
  { kind: 'user' as const, arn: `arn:aws:iam::${A}:user/alice`, accountId: A, oracle: `arn:aws:iam::${A}:user/alice` },
  { kind: 'role' as const, arn: `arn:aws:iam::${A}:role/responder`, accountId: A, oracle: `arn:aws:sts::${A}:assumed-role/responder/drill` },
  { kind: 'user' as const, arn: `arn:aws:iam::${B}:user/bob`, accountId: B, oracle: `arn:aws:iam::${B}:user/bob` },
];
const TRUSTED = [`arn:aws:iam::${A}:root`, A, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:role/responder`, `arn:aws:iam::${B}:root`, `arn:aws:iam::${B}:user/bob`, '*', `arn:aws:iam::${A}:user/carol`];
const CONDITIONS: (Record<string, Record<string, unknown>> | undefined)[] = [
  undefined,
  undefined,
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'secops' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
];
const IDENTITY: PolicyStatement[][] = [
  [],
  [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }],
  [{ Effect: 'Allow', Action: 'sts:*', Resource: `arn:aws:iam::${A}:role/sup*` }],
  [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
];
const BOUNDARY: (PolicyStatement[] | undefined)[] = [undefined, undefined, [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }], [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]];
const SCP: (PolicyStatement[] | undefined)[] = [
  undefined,
  undefined,
  [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/sup*' }],
  [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'secops' } } }],
];

const doc = (Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

interface Case {
  principal: (typeof PRINCIPALS)[number];
  trust: PolicyDocument;
  identity: PolicyDocument;
  boundary?: PolicyDocument;
  scp?: PolicyDocument;
  context: Record<string, string>;
}

function generate(seed: number, n: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const principal = pick(PRINCIPALS);
    const trustStatements: PolicyStatement[] = [];
    const allow: PolicyStatement = { Effect: 'Allow', Principal: { AWS: r() < 0.3 ? [pick(TRUSTED), pick(TRUSTED)] : pick(TRUSTED) }, Action: 'sts:AssumeRole' };
    const cond = pick(CONDITIONS);
    if (cond) allow.Condition = cond;
    trustStatements.push(allow);
    if (r() < 0.15) trustStatements.push({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'contractors' } } });
    const context: Record<string, string> = {};
    const mfa = pick(['true', 'false', undefined]);
    if (mfa) context['aws:MultiFactorAuthPresent'] = mfa;
    const team = pick(['secops', 'contractors', undefined]);
    if (team) context['aws:PrincipalTag/team'] = team;
    context['aws:SourceIp'] = pick(['203.0.113.5', '198.51.100.7']);
    const c: Case = { principal, trust: doc(trustStatements), identity: doc(pick(IDENTITY)), context };
    const boundary = pick(BOUNDARY);
    if (boundary) c.boundary = doc(boundary);
    // SCPs of the caller's own account; the oracle applies them to same-account callers, as we do.
    const scp = principal.accountId === A ? pick(SCP) : undefined;
    if (scp) c.scp = doc(scp);
    out.push(c);
  }
  return out;
}

function ours(c: Case): string {
  const input: AssumeRoleInput = {
    roleArn: ROLE,
    trust: c.trust,
    principal: { kind: c.principal.kind, arn: c.principal.arn, accountId: c.principal.accountId },
    identity: [c.identity],
    context: new RequestContext(c.context),
  };
  if (c.boundary) input.boundary = c.boundary;
  if (c.scp) input.scps = [c.scp];
  return assumeRoleDecision(input).allowed ? 'Allowed' : 'Denied';
}

async function oracle(c: Case): Promise<string> {
  const sim = await runSimulation(
    {
      request: { principal: c.principal.oracle, action: 'sts:AssumeRole', resource: { resource: ROLE, accountId: A }, contextVariables: c.context },
      identityPolicies: [{ name: 'identity', policy: c.identity }],
      serviceControlPolicies: c.scp ? [{ orgIdentifier: 'r-root', policies: [{ name: 'scp', policy: c.scp }] }] : [],
      resourceControlPolicies: [],
      resourcePolicy: c.trust,
      ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
    },
    {},
  );
  if (sim.resultType === 'error') return `error: ${sim.errors.message}`;
  return sim.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

describe('AssumeRole decision vs @cloud-copilot/iam-simulate (differential, seed 4242)', () => {
  it(`agrees on every one of ${CASES} generated trust/identity/boundary/SCP cases`, async () => {
    // Given generated callers, trust policies and the caller's own policies
    const cases = generate(4242, CASES);
    const disagreements: string[] = [];
    const outcomes: Record<string, number> = {};
    // When both decide whether the caller may assume the role
    for (const c of cases) {
      const o = await oracle(c);
      expect(o.startsWith('error'), o).toBe(false);
      outcomes[o] = (outcomes[o] ?? 0) + 1;
      const mine = ours(c);
      if (mine !== o) disagreements.push(`${mine} vs ${o}: ${JSON.stringify(c)}`);
    }
    // Then they agree everywhere, on a mix of both answers
    console.log(`differential (AssumeRole): ${CASES - disagreements.length}/${CASES} agree, oracle outcomes ${JSON.stringify(outcomes)}`);
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(outcomes.Allowed ?? 0).toBeGreaterThan(CASES * 0.15);
    expect(outcomes.Denied ?? 0).toBeGreaterThan(CASES * 0.15);
  }, 60_000);
});
