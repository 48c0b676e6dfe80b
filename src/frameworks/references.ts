import type { FrameworkReference } from '../findings/model.js';

const CIS = 'CIS AWS Foundations Benchmark';

/**
 * Where the support-role control sits in each CIS AWS Foundations Benchmark version.
 * It moved as sections were renumbered; Security Hub IAM.18 is the same control
 * (Config rule iam-policy-in-use, policyUsageType ANY).
 */
export const SUPPORT_ROLE_REFERENCES: readonly FrameworkReference[] = [
  { framework: CIS, version: '1.1.0', control: '1.22' },
  { framework: CIS, version: '1.2.0', control: '1.20' },
  { framework: CIS, version: '1.3.0', control: '1.17' },
  { framework: CIS, version: '1.4.0', control: '1.17' },
  { framework: CIS, version: '1.5.0', control: '1.17' },
  { framework: CIS, version: '2.0.0', control: '1.17' },
  { framework: CIS, version: '3.0.0', control: '1.17' },
  { framework: CIS, version: '4.0.1', control: '1.17' },
  { framework: CIS, version: '5.0.0', control: '1.16' },
  { framework: CIS, version: '6.0.0', control: '2.16' },
  { framework: CIS, version: '7.0.0', control: '2.15' },
  { framework: 'AWS Security Hub', version: 'CSPM', control: 'IAM.18' },
  { framework: 'NIST SP 800-171', version: 'r2', control: '3.1.2' },
  { framework: 'PCI DSS', version: '4.0.1', control: '12.10.3' },
];

/** Formats a reference as `CIS AWS Foundations Benchmark 5.0.0 §1.16`. */
export function formatReference(r: FrameworkReference): string {
  return r.framework.startsWith('CIS') ? `CIS ${r.version} §${r.control}` : `${r.framework} ${r.control}`;
}
