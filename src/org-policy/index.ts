export { organizationPathOf, resolvePolicy, type OrganizationPolicy, type ResolvedPolicy } from './policy.js';
export { scopeIncludes } from '../config/scope.js';
export { approvalOf, describeResponder, labelWithThirdParty, permissionSetOf, responderCoversArn, thirdPartyOfAssumer } from './responders.js';
