import type { ApprovedResponder, KnownThirdParty } from '../config/types.js';
import type { Assumer } from '../policy/assume.js';
import { matchesWildcard } from '../policy/wildcard.js';
import { parseArn } from '../snapshot/arn.js';

/**
 * The permission set an IAM Identity Center role was made for. Identity Center creates, in each account it assigns
 * a permission set to, `arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<name>_<16 hex>`;
 * the name may itself hold underscores, so the suffix is cut from the right.
 */
export function permissionSetOf(roleArn: string): string | undefined {
  const arn = parseArn(roleArn);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/aws-reserved/sso.amazonaws.com/')) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const m = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(name);
  return m?.[1];
}

/** `principal`, `samlProvider` or `permissionSet: <name>`: how a responder entry is named in findings and reviews. */
export function describeResponder(r: ApprovedResponder): string {
  if (r.principal !== undefined) return r.principal;
  if (r.samlProvider !== undefined) return `SAML provider ${r.samlProvider}`;
  return `permission set ${r.permissionSet ?? '?'}`;
}

/** Does the approved entry cover this ARN (a user, a role, an account root, a provider)? Wildcards as IAM's ArnLike. */
export function responderCoversArn(r: ApprovedResponder, arn: string, kind: 'principal' | 'provider'): boolean {
  if (kind === 'provider') return r.samlProvider !== undefined && matchesWildcard(r.samlProvider, arn);
  if (r.principal !== undefined) return matchesWildcard(r.principal, arn);
  if (r.permissionSet !== undefined) return permissionSetOf(arn) === r.permissionSet;
  return false;
}

/** The first approved entry that covers the assumer, if any. Services and the wildcard are never approved responders. */
export function approvalOf(assumer: Assumer, responders: readonly ApprovedResponder[]): ApprovedResponder | undefined {
  if (assumer.who !== 'responder' || !assumer.arn) return undefined;
  const kind = assumer.principal.startsWith('federated: ') ? 'provider' : 'principal';
  return responders.find((r) => responderCoversArn(r, assumer.arn!, kind));
}

/** The known third party an assumer belongs to (by the account of its ARN), if any. */
export function thirdPartyOfAssumer(assumer: Assumer, thirdParties: ReadonlyMap<string, KnownThirdParty> | undefined): KnownThirdParty | undefined {
  if (!thirdParties || !assumer.arn || assumer.scope !== 'external') return undefined;
  const accountId = parseArn(assumer.arn)?.accountId;
  return accountId ? thirdParties.get(accountId) : undefined;
}

/**
 * The assumer's label with the MSP's name instead of "foreign": `account 222222222222 (Acme MSP)`,
 * `role arn:aws:iam::222222222222:role/partner (Acme MSP)`.
 */
export function labelWithThirdParty(assumer: Assumer, thirdParty: KnownThirdParty | undefined): string {
  if (!thirdParty) return assumer.principal;
  if (assumer.principal.endsWith(' (foreign)')) return `${assumer.principal.slice(0, -' (foreign)'.length)} (${thirdParty.name})`;
  return `${assumer.principal} (${thirdParty.name})`;
}
