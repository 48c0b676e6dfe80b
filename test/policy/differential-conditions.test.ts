import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { assumeRoleDecision } from '../../src/policy/assume.js';
import { RequestContext } from '../../src/policy/context.js';
import { WITHOUT_MFA, admitsWithoutMfa } from '../../src/policy/trust.js';
import { isNoProtection, probesFor } from '../../src/policy/vacuity.js';
import type { PolicyDocument, PolicyStatement } from '../../src/snapshot/model.js';

/**
 * "No protection" against @cloud-copilot/iam-simulate (devDependency, oracle only): for fixed trust conditions, both
 * engines decide every probe request behind the verdict (the key absent, each present probe value), and the verdict
 * computed from the oracle's answers must equal supportguard's. The caller is a user of another account whose own
 * policy allows everything, so the trust condition alone decides.
 */

const A = '111111111111';
const ROLE = `arn:aws:iam::${A}:role/support`;
const CALLER = 'arn:aws:iam::222222222222:user/bob';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type Condition = NonNullable<PolicyStatement['Condition']>;
const trust = (Condition: Condition): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition }] });

function ours(condition: Condition, context: Record<string, string | string[] | undefined>): boolean {
  return assumeRoleDecision({ roleArn: ROLE, trust: trust(condition), principal: { kind: 'user', arn: CALLER, accountId: '222222222222' }, identity: [ALLOW_ALL], context: new RequestContext(context) }).allowed;
}

async function oracle(condition: Condition, context: Record<string, string | string[] | undefined>): Promise<boolean> {
  const contextVariables = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
  const sim = await runSimulation(
    {
      request: { principal: CALLER, action: 'sts:AssumeRole', resource: { resource: ROLE, accountId: A }, contextVariables },
      identityPolicies: [{ name: 'identity', policy: ALLOW_ALL }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust(condition),
    },
    {},
  );
  if (sim.resultType === 'error') throw new Error(`oracle refused ${JSON.stringify(condition)}: ${sim.errors.message}`);
  if (sim.resultType === 'single') expect(sim.result.ignoredContextKeys ?? [], `oracle ignored keys of ${JSON.stringify(condition)}`).toEqual([]);
  return sim.overallResult === 'Allowed';
}

/** [operator, key, values, no protection?] — one operator family after another. */
const ENTRIES: [string, string, unknown, boolean][] = [
  ['StringLike', 'sts:ExternalId', '*', true],
  ['StringLike', 'sts:ExternalId', '??*', true],
  ['StringLike', 'sts:ExternalId', '???*', false],
  ['StringNotEquals', 'sts:ExternalId', '', true],
  ['StringEquals', 'sts:ExternalId', 'a1b2-secret', false],
  ['StringEqualsIfExists', 'sts:ExternalId', 'a1b2-secret', true],
  ['StringNotLike', 'sts:ExternalId', 'a1b2-*', true],
  ['Null', 'sts:ExternalId', 'false', true],
  ['StringLike', 'aws:PrincipalOrgID', 'o-*', true],
  ['StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', false],
  ['StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', true],
  ['StringLike', 'aws:PrincipalOrgID', 'o-??????????', false],
  ['StringLike', 'aws:PrincipalAccount', '????????????', true],
  ['StringEquals', 'aws:PrincipalAccount', A, false],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*', true],
  ['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${A}:role/*`, false],
  ['ArnNotEquals', 'aws:PrincipalArn', `arn:aws:iam::${A}:role/old`, true],
  ['ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'], true],
  ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/*'], false],
  ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['*'], true],
  ['IpAddress', 'aws:SourceIp', ['0.0.0.0/1', '128.0.0.0/1'], true],
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', false],
  ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24', true],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', true],
  ['DateLessThan', 'aws:CurrentTime', '2026-12-31T00:00:00Z', false],
  ['Bool', 'aws:SecureTransport', 'true', false],
  ['BoolIfExists', 'aws:ViaAWSService', 'false', true],
];

describe('"no protection" vs @cloud-copilot/iam-simulate (fixed cases per operator family)', () => {
  it(`agrees on every probe request of ${ENTRIES.length} conditions, and the oracle's answers give the same verdict`, async () => {
    const disagreements: string[] = [];
    let probes = 0;
    for (const [operator, key, values, expected] of ENTRIES) {
      const condition: Condition = { [operator]: { [key]: values } };
      // Given the probe requests the verdict rests on
      const p = probesFor(operator, key, 'aws', NOW);
      const requests: (string | string[] | undefined)[] = [...(p.absent ? [undefined] : []), ...p.present];
      // When both engines decide each of them
      const answers: { value: string | string[] | undefined; mine: boolean; theirs: boolean }[] = [];
      for (const value of requests) {
        const context = { [key]: value };
        answers.push({ value, mine: ours(condition, context), theirs: await oracle(condition, context) });
        probes++;
      }
      for (const a of answers) if (a.mine !== a.theirs) disagreements.push(`${JSON.stringify(condition)} with ${JSON.stringify(a.value)}: ours ${a.mine}, oracle ${a.theirs}`);
      // Then the verdict from the oracle's answers ("absent passes, or every value passes") is ours, and the expected one
      const oracleVerdict = (p.absent && answers[0]!.theirs) || answers.filter((a) => a.value !== undefined).every((a) => a.theirs);
      expect(`${JSON.stringify(condition)}: ${isNoProtection(operator, key, values, 'aws', NOW)}`).toBe(`${JSON.stringify(condition)}: ${expected}`);
      expect(`${JSON.stringify(condition)}: ${oracleVerdict}`).toBe(`${JSON.stringify(condition)}: ${expected}`);
    }
    console.log(`differential (no protection): ${ENTRIES.length} conditions, ${probes} probe requests, ${disagreements.length} disagreements`);
    expect(disagreements).toEqual([]);
  }, 60_000);

  it('agrees on which MFA conditions let a request without MFA in (key "false", key absent)', async () => {
    const cases: [Condition, boolean][] = [
      [{ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, false],
      [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, true],
      [{ Null: { 'aws:MultiFactorAuthPresent': 'false' } }, true],
      [{ 'ForAllValues:StringEquals': { 'aws:MultiFactorAuthPresent': ['true'] } }, true],
      [{ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, false],
      [{ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, true],
      [{ Null: { 'aws:MultiFactorAuthAge': 'false' } }, false],
    ];
    for (const [condition, lets] of cases) {
      const statement = trust(condition).Statement as PolicyStatement[];
      expect(`${JSON.stringify(condition)}: ${admitsWithoutMfa(statement[0]!)}`).toBe(`${JSON.stringify(condition)}: ${lets}`);
      const theirs: boolean[] = [];
      for (const state of WITHOUT_MFA) theirs.push(await oracle(condition, state));
      expect(`${JSON.stringify(condition)}: ${theirs.some(Boolean)}`).toBe(`${JSON.stringify(condition)}: ${lets}`);
    }
  }, 60_000);

  it('knows where the oracle is wrong: IpAddress 0.0.0.0/0 (its mask -1 << 32 is -1 in JavaScript, so /0 acts as /32)', async () => {
    // AWS's own examples use 0.0.0.0/0 for "any IPv4 address"; supportguard reads /0 as every address. If this
    // starts to fail, the oracle was fixed: move the case into ENTRIES above.
    const condition: Condition = { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } };
    expect(ours(condition, { 'aws:SourceIp': '203.0.113.77' })).toBe(true);
    expect(await oracle(condition, { 'aws:SourceIp': '203.0.113.77' })).toBe(false);
    expect(isNoProtection('IpAddress', 'aws:SourceIp', '0.0.0.0/0', 'aws', NOW)).toBe(true);
  });
});
