export { organizationPathOf, resolvePolicy, scopeIncludes, type OrganizationPolicy, type ResolvedPolicy } from './policy.js';
export { approvalOf, describeResponder, labelWithThirdParty, permissionSetOf, responderCoversArn, thirdPartyOfAssumer } from './responders.js';
