import { SCHEMA_ID } from './schema.js';

/**
 * The commented starter `supportguard.yml` that `supportguard init` writes. Every section is shown; its examples are
 * commented out with `# ` (explanations use `## `), so the file is valid as written and still valid with every example
 * uncommented (both are tested).
 */
export const STARTER_CONFIG = `# yaml-language-server: $schema=${SCHEMA_ID}
## supportguard.yml: the organization's decisions, read by every supportguard command run in this folder.
## Keys: docs/config.md. Unknown keys are errors. --config FILE reads another file; --no-config ignores it.
version: 1

## Defaults for command-line flags: per command (scan, audit, drill, iac, …) and \`all\` for every command that has the
## flag. A flag typed on the command line always wins, then the command's section, then \`all\`.
# defaults:
#   all:
#     fail-on: medium
#   scan:
#     org: true
#     member-role-name: AWSControlTowerExecution
#     external-id: example-external-id
#     concurrency: 16
#     format: sarif
#     output: supportguard.sarif

## Which checks run (\`--check\` on the command line wins) and severity overrides per check.
# checks:
#   disabled: [support-role-last-used]
#   severity:
#     support-role-tags: low

## Who should be able to assume a support role: exactly one of principal, samlProvider, permissionSet each.
# responders:
#   - principal: arn:aws:iam::*:role/IncidentResponder
#     description: security on-call
#   - permissionSet: AWSSupportResponders
#     scope: { ous: [ou-abcd-11111111] }

## Accounts outside the organization that may appear in trust policies.
# thirdParties:
#   - accountId: "444455556666"
#     name: Acme MSP
#     requireExternalId: true

## Tags every support role must carry (values or a regular expression) and the role naming convention.
# tagging:
#   required:
#     owner: { pattern: "^[^@\\\\s]+@example\\\\.com$" }
#     purpose: { values: [incident-response] }
# naming:
#   rolePattern: "^aws-support(-[a-z0-9]+)*$"

## Accepted exceptions. Each needs a reason, an owner and an expiry (YYYY-MM-DD, inactive from the day after, UTC).
## Suppressed findings stay in every report as SUPPRESSED and do not fail --fail-on. ERROR findings are never suppressed.
# suppressions:
#   - check: support-role-tags
#     scope:
#       accounts: ["111122223333"]
#       roles: ["arn:aws:iam::111122223333:role/legacy-*"]
#     reason: legacy role, replaced in Q1
#     owner: security@example.com
#     expires: 2027-03-31
`;
