import type { FrameworkReference } from '../findings/model.js';

const NIST = 'NIST SP 800-171';
const nist = (control: string): FrameworkReference => ({ framework: NIST, version: 'r2', control });

/**
 * Controls the support-role quality checks serve. They are deliberately *not* the CIS support-role control or
 * Security Hub IAM.18: a report or a Security Hub export must not count them as that control's result.
 */
export const QUALITY_REFERENCES = {
  /** 3.1.1 limit access to authorized users; 3.5.3 MFA for privileged and network access. */
  trustPolicy: [nist('3.1.1'), nist('3.5.3')],
  /** 3.1.1: the authorized responders must actually be able to get in, and nobody else. */
  effectiveAccess: [nist('3.1.1')],
  /** 3.1.5 least privilege. */
  leastPrivilege: [nist('3.1.5')],
  /** 3.4.1 baseline configurations and inventories (an owner and purpose for each privileged role). */
  tags: [nist('3.4.1')],
  /** PCI DSS 12.10.2: the incident response plan is tested at least once every 12 months. */
  lastUsed: [{ framework: 'PCI DSS', version: '4.0.1', control: '12.10.2' }],
  /** 3.3.1 audit logs; 3.3.2 actions traceable to individual users. */
  monitoring: [nist('3.3.1'), nist('3.3.2')],
  /** 3.4.5 access restrictions associated with changes. */
  scpProtection: [nist('3.4.5')],
  /** 3.1.5 least privilege: one reviewed path to AWS Support rather than many. */
  functionalEquivalents: [nist('3.1.5')],
} satisfies Record<string, FrameworkReference[]>;
