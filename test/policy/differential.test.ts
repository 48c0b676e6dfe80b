import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { rng } from '../helpers/rng.js';
import { RequestContext } from '../../src/policy/context.js';
import { evaluateIdentity } from '../../src/policy/evaluate.js';
import { matchesAction, matchesResource } from '../../src/policy/wildcard.js';
import type { PolicyDocument, PolicyStatement } from '../../src/snapshot/model.js';

/**
 * Differential test: our evaluator against @cloud-copilot/iam-simulate (AGPL, a devDependency used only here
 * as an oracle) over generated identity / boundary / SCP cases. Deterministic seed, so a failure reproduces.
 */

const ACCOUNT = '111111111111';
const CASES = 600;

const REQUESTS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::logs-bucket/2026/app.log' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::logs-bucket/2026/app.log' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::logs-bucket/secops/app.log' },
  { action: 'iam:DeleteRole', resource: `arn:aws:iam::${ACCOUNT}:role/aws-support-responders` },
  { action: 'iam:DetachRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/aws-support-responders` },
  { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/aws-support-responders` },
  { action: 'support:CreateCase', resource: '*' },
];

const ACTION_PATTERNS = ['s3:GetObject', 's3:Get*', 'S3:getobject', 's3:*', 'iam:DeleteRole', 'iam:?eleteRole', 'iam:Detach*', 'iam:*', 'sts:AssumeRole', 'sts:Assume*', 'support:*', '*', 'ec2:*', 's3:Put*'];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::logs-bucket/*',
  'arn:aws:s3:::other-bucket/*',
  `arn:aws:iam::${ACCOUNT}:role/aws-support-*`,
  `arn:aws:iam::${ACCOUNT}:role/admin`,
  'arn:aws:iam::*:role/aws-support-responders',
  'arn:aws:s3:::logs-bucket/2026/app.lo?',
  // Policy variables: filled from the request context, or matching nothing when the key is missing.
  'arn:aws:s3:::logs-bucket/${aws:PrincipalTag/team}/*',
  "arn:aws:s3:::logs-bucket/${aws:PrincipalTag/team, 'secops'}/*",
];

/** Context keys, the values a policy may test, and the values a request may carry. */
const KEYS: { key: string; ops: string[]; policy: (string | string[])[]; request: (string | string[] | undefined)[] }[] = [
  { key: 'aws:MultiFactorAuthPresent', ops: ['Bool', 'BoolIfExists', 'Null'], policy: ['true', 'false'], request: ['true', 'false', undefined] },
  { key: 'aws:SourceIp', ops: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'], policy: ['10.0.0.0/8', '203.0.113.0/24', ['10.0.0.0/8', '192.168.1.1/32']], request: ['10.1.2.3', '203.0.113.9', '192.168.1.1', undefined] },
  {
    key: 'aws:PrincipalTag/team',
    ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'],
    policy: ['secops', 'SecOps', 'sec*', ['secops', 'platform'], 'true', 'false'],
    request: ['secops', 'SECOPS', 'platform', 'security', undefined],
  },
  {
    key: 'aws:PrincipalArn',
    ops: ['ArnLike', 'ArnNotLike', 'ArnEquals', 'StringLike'],
    policy: [`arn:aws:iam::${ACCOUNT}:role/OrgAdmin`, 'arn:aws:iam::*:role/Org*', `arn:aws:iam::${ACCOUNT}:user/*`, 'arn:aws:iam::*:role/${aws:PrincipalTag/team}'],
    request: [`arn:aws:iam::${ACCOUNT}:role/OrgAdmin`, `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/responder`, `arn:aws:iam::${ACCOUNT}:role/secops`],
  },
  { key: 'aws:MultiFactorAuthAge', ops: ['NumericLessThan', 'NumericGreaterThanEquals', 'NumericEquals', 'NumericNotEquals', 'NumericLessThanIfExists'], policy: ['3600', '0'], request: ['120', '7200', '3600', undefined] },
  {
    key: 'aws:CurrentTime',
    ops: ['DateLessThan', 'DateGreaterThan', 'DateEquals', 'DateNotEquals'],
    policy: ['2026-12-31T00:00:00Z', '2020-01-01T00:00:00Z'],
    request: ['2026-11-22T12:00:00Z', '2027-01-15T00:00:00Z'],
  },
  {
    key: 'aws:PrincipalServiceNamesList',
    ops: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringNotEquals', 'ForAnyValue:StringNotEquals'],
    policy: [['ec2.amazonaws.com'], ['ec2.amazonaws.com', 'lambda.amazonaws.com'], ['*.amazonaws.com']],
    request: [['ec2.amazonaws.com'], ['ec2.amazonaws.com', 'ecs.amazonaws.com'], undefined],
  },
];

type Case = { action: string; resource: string; context: Record<string, string | string[]>; identity: PolicyDocument; boundary?: PolicyDocument; scp?: PolicyDocument };

function generate(seed: number, n: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  // Most statements are aimed at the request (else nearly every case is a dull implicit deny).
  let req = REQUESTS[0]!;
  const aimedAction = () => (r() < 0.65 ? pick(ACTION_PATTERNS.filter((p) => matchesAction(p, req.action))) : pick(ACTION_PATTERNS));
  const aimedResource = () => (r() < 0.65 ? pick(RESOURCE_PATTERNS.filter((p) => matchesResource(p, req.resource) || p.includes('${'))) : pick(RESOURCE_PATTERNS));
  const statement = (effect: 'Allow' | 'Deny'): PolicyStatement => {
    const s: PolicyStatement = { Effect: effect };
    const actions = [aimedAction(), ...(r() < 0.3 ? [pick(ACTION_PATTERNS)] : [])];
    if (r() < 0.15) s.NotAction = actions;
    else s.Action = actions.length === 1 ? actions[0]! : actions;
    const resources = [aimedResource(), ...(r() < 0.2 ? [pick(RESOURCE_PATTERNS)] : [])];
    if (r() < 0.1) s.NotResource = resources;
    else s.Resource = resources.length === 1 ? resources[0]! : resources;
    if (r() < 0.7) {
      const condition: Record<string, Record<string, unknown>> = {};
      const count = r() < 0.7 ? 1 : 2;
      for (let i = 0; i < count; i++) {
        const k = pick(KEYS);
        const op = pick(k.ops);
        let value = pick(k.policy);
        if (op === 'Null') value = pick(['true', 'false']);
        else if (op.startsWith('Bool')) value = pick(['true', 'false']);
        (condition[op] ??= {})[k.key] = value;
      }
      s.Condition = condition;
    }
    return s;
  };
  const doc = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    req = pick(REQUESTS);
    const context: Record<string, string | string[]> = {};
    for (const k of KEYS) {
      const v = pick(k.request);
      if (v !== undefined) context[k.key] = v;
    }
    const statements = [statement('Allow')];
    if (r() < 0.5) statements.push(statement(r() < 0.5 ? 'Allow' : 'Deny'));
    if (r() < 0.25) statements.push(statement('Deny'));
    const c: Case = { ...req, context, identity: doc(statements) };
    const extra = r();
    if (extra < 0.2) c.boundary = doc([statement('Allow'), ...(r() < 0.3 ? [statement('Deny')] : [])]);
    else if (extra < 0.4) c.scp = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, statement('Deny')]);
    cases.push(c);
  }
  return cases;
}

function ours(c: Case): string {
  const e: Parameters<typeof evaluateIdentity>[0] = { identity: [c.identity] };
  if (c.boundary) e.boundary = c.boundary;
  if (c.scp) e.scps = [c.scp];
  const d = evaluateIdentity(e, { action: c.action, resource: c.resource, context: new RequestContext(c.context) });
  return d === 'allow' ? 'Allowed' : d === 'explicit-deny' ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
}

async function oracle(c: Case): Promise<{ result: string; ignored: string[] }> {
  const sim = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
        action: c.action,
        resource: { resource: c.resource, accountId: ACCOUNT },
        contextVariables: c.context,
      },
      identityPolicies: [{ name: 'identity', policy: c.identity }],
      serviceControlPolicies: c.scp ? [{ orgIdentifier: 'r-root', policies: [{ name: 'scp', policy: c.scp }] }] : [],
      resourceControlPolicies: [],
      ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
    },
    {},
  );
  if (sim.resultType === 'error') return { result: `error: ${sim.errors.message}`, ignored: [] };
  const ignored = sim.resultType === 'single' ? (sim.result.ignoredContextKeys ?? []) : [];
  return { result: String(sim.overallResult), ignored };
}

describe('policy evaluator vs @cloud-copilot/iam-simulate (differential, seed 20261122)', () => {
  it(`agrees on every one of ${CASES} generated identity/boundary/SCP cases`, async () => {
    // Given a deterministic set of generated policies and requests
    const cases = generate(20261122, CASES);
    const disagreements: string[] = [];
    let compared = 0;
    const outcomes: Record<string, number> = {};
    // When both evaluators decide each request
    for (const c of cases) {
      const o = await oracle(c);
      expect(o.result.startsWith('error'), `oracle refused a generated case: ${o.result}`).toBe(false);
      // The oracle drops context keys the action does not support; the case is then a different question.
      if (o.ignored.length > 0) continue;
      compared++;
      const mine = ours(c);
      outcomes[o.result] = (outcomes[o.result] ?? 0) + 1;
      if (mine !== o.result) disagreements.push(`${mine} vs ${o.result}: ${JSON.stringify(c)}`);
    }
    // Then they agree on every case compared, and almost every case is compared
    console.log(`differential: ${compared} compared, ${compared - disagreements.length} agree (${((100 * (compared - disagreements.length)) / compared).toFixed(1)}%), oracle outcomes ${JSON.stringify(outcomes)}`);
    // A generator that only produced denials would agree trivially: every outcome must be well represented.
    for (const outcome of ['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied']) expect(outcomes[outcome] ?? 0).toBeGreaterThan(CASES * 0.1);
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(CASES * 0.9);
  }, 60_000);
});
