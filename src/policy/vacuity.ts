import { parseOperator, testCondition } from './conditions.js';
import { RequestContext } from './context.js';

/**
 * "No protection": a condition entry (`Operator: { key: values }`) that every request of one kind satisfies.
 *
 * Decided by evaluation, not by reading patterns: the entry is tested with the engine's own `testCondition`
 * against probe requests that stand for every caller who knows no secret —
 * - the key **absent** (where AWS lets a request lack it: no ExternalId sent, a caller outside any organization,
 *   `ForAllValues` on a missing set is vacuously true), and
 * - the key **present** with probe values that span what AWS allows for it (edge lengths and unguessable values:
 *   an ExternalId is 2–1224 characters, an organization id `o-` + 10–32 characters, an account id 12 digits…).
 * If the entry holds when the key is absent, or for every present probe, anyone can meet it: `StringLike "*"`,
 * `StringNotEquals ""`, `Null "false"`, `ArnLike "arn:aws:iam::*:*"`, `IpAddress 0.0.0.0/0`, `…IfExists` on a key
 * strangers do not send. MFA keys are not judged here: whether a request *without MFA* passes is asked of the
 * whole statement (see trust.ts), because `aws:MultiFactorAuthAge` is present only with MFA.
 */

/** What requests may carry for one key: can it be missing, and which values stand for "any value". */
interface Domain {
  absent: boolean;
  present: readonly string[];
}

/** ExternalId: chosen by the caller, 2–1224 characters of `[\w+=,.@:/-]`. Shortest, typical (a UUID), longest. */
export const EXTERNAL_ID_PROBES: readonly string[] = ['Zq', '7f3c9a2e-5b1d-4e8a-9c6f-0d2b4a8e1f37', 'x9=Q,.@:/-_+'.repeat(102)];

const IPV4 = ['0.0.0.1', '10.20.30.40', '203.0.113.77', '255.255.255.254'];
const NUMBERS = ['0', '1', '3600', '4294967296'];
const BOOLS = ['true', 'false'];
const STRINGS = ['', 'zq7', '7f3c9a2e-5b1d-4e8a-9c6f-0d2b4a8e1f37'];

function arns(partition: string): string[] {
  return [`arn:${partition}:iam::740521986309:role/sg-probe/Zq7Xv2`, `arn:${partition}:iam::163849275012:user/zq7xv2`, `arn:${partition}:iam::740521986309:root`];
}

function dates(now: number): string[] {
  // From now on: a condition that holds now and a year from now does not limit anyone in practice.
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [iso(now), iso(now + 365 * 86_400_000)];
}

function epochs(now: number): string[] {
  return [String(Math.floor(now / 1000)), String(Math.floor(now / 1000) + 365 * 86_400)];
}

/** The domain of a key: by key where AWS documents its shape, else by the operator family. */
function domainOf(key: string, base: string, partition: string, now: number): Domain {
  switch (key.toLowerCase()) {
    case 'sts:externalid':
      return { absent: true, present: EXTERNAL_ID_PROBES };
    case 'aws:principalorgid':
    case 'aws:sourceorgid':
      return { absent: true, present: ['o-k3v9q2x7m1', 'o-k3v9q2x7m1z8w4p6r0t2y5u7i9a3s1d4'] };
    case 'aws:principalaccount':
      return { absent: false, present: ['740521986309', '163849275012'] };
    case 'aws:sourceaccount':
      return { absent: true, present: ['740521986309', '163849275012'] };
    case 'aws:principalarn':
      return { absent: false, present: arns(partition) };
    case 'aws:sourcearn':
      return { absent: true, present: arns(partition) };
    case 'aws:principaltype':
      return { absent: false, present: ['User', 'AssumedRole', 'Account', 'FederatedUser'] };
    case 'aws:sourceip':
      // IPv4 only: `0.0.0.0/0` lets every IPv4 caller in, which is everyone who does not go out of their way.
      return { absent: false, present: IPV4 };
    case 'aws:securetransport':
      return { absent: false, present: BOOLS };
    case 'aws:currenttime':
      return { absent: false, present: dates(now) };
    case 'aws:epochtime':
      return { absent: false, present: epochs(now) };
  }
  if (base.startsWith('arn')) return { absent: true, present: arns(partition) };
  if (base.startsWith('numeric')) return { absent: true, present: NUMBERS };
  if (base.startsWith('date')) return { absent: true, present: [...dates(now), ...epochs(now)] };
  if (base === 'bool') return { absent: true, present: BOOLS };
  if (base.includes('ipaddress')) return { absent: true, present: IPV4 };
  if (base === 'binaryequals') return { absent: true, present: ['AA==', 'em43'] };
  return { absent: true, present: STRINGS };
}

const MFA_KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage']);

/** True for the keys that say whether the caller used MFA (judged by trying requests without MFA, not here). */
export function isMfaKey(key: string): boolean {
  return MFA_KEYS.has(key.toLowerCase());
}

/**
 * True when the condition entry gives no protection: every request that lacks the key, or every value the key can
 * take, satisfies it. Unknown operators throw (PolicyEvaluationError), as everywhere in the engine.
 * MFA keys return false: see the module comment.
 */
export function isNoProtection(operator: string, key: string, values: unknown, partition = 'aws', now = Date.now()): boolean {
  if (isMfaKey(key)) return false;
  const probes = probesFor(operator, key, partition, now);
  const holds = (value: string | string[] | undefined) => testCondition(operator, key, values, new RequestContext({ [key]: value }));
  if (probes.absent && holds(undefined)) return true;
  return probes.present.every(holds);
}

/** The probe requests for one key under one operator: may the key be absent, and the values that stand for "any". */
export function probesFor(operator: string, key: string, partition = 'aws', now = Date.now()): { absent: boolean; present: (string | string[])[] } {
  const op = parseOperator(operator);
  const domain = domainOf(key, op.base, partition, now);
  // Set operators see a set: one value, and several different ones.
  return { absent: domain.absent, present: op.set ? [...domain.present.map((v) => [v]), [...domain.present]] : [...domain.present] };
}

/**
 * The keys of a Condition block that some entry really limits (lower-cased): keys whose every entry is no
 * protection are left out, so a message never names `aws:PrincipalOrgID` for `StringLike "o-*"`.
 */
export function protectiveKeys(condition: Record<string, Record<string, unknown>> | undefined, partition = 'aws'): Set<string> {
  const out = new Set<string>();
  for (const [operator, block] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(block ?? {})) if (!isNoProtection(operator, key, values, partition)) out.add(key.toLowerCase());
  }
  return out;
}
