import { describe, expect, it } from 'vitest';
import { classifyPrincipal, type AccountScope } from './principals.js';

const scope: AccountScope = { accountId: '111111111111', partition: 'aws', organizationAccountIds: ['111111111111', '222222222222'] };

describe('principal classification', () => {
  it('tells same-account, same-organization and foreign accounts apart, by id or root ARN', () => {
    expect(classifyPrincipal('AWS', '111111111111', scope)).toMatchObject({ kind: 'account', relation: 'same-account' });
    expect(classifyPrincipal('AWS', 'arn:aws:iam::222222222222:root', scope)).toMatchObject({ kind: 'account', relation: 'same-organization' });
    expect(classifyPrincipal('AWS', 'arn:aws:iam::333333333333:root', scope)).toMatchObject({ kind: 'account', relation: 'foreign' });
  });

  it('recognises users, roles, assumed-role sessions, deleted principals, federation and services', () => {
    expect(classifyPrincipal('AWS', 'arn:aws:iam::111111111111:role/path/responder', scope)).toMatchObject({ kind: 'role', name: 'responder' });
    expect(classifyPrincipal('AWS', 'arn:aws:sts::111111111111:assumed-role/responder/alice', scope)).toMatchObject({ kind: 'assumed-role', name: 'responder' });
    expect(classifyPrincipal('AWS', 'AROAOLDRESPONDER7XQ2Z', scope)).toMatchObject({ kind: 'unique-id', prefix: 'AROA' });
    expect(classifyPrincipal('Federated', 'arn:aws:iam::111111111111:saml-provider/Okta', scope)).toMatchObject({ kind: 'saml-provider', provider: 'Okta' });
    expect(classifyPrincipal('Federated', 'accounts.google.com', scope)).toMatchObject({ kind: 'web-identity' });
    expect(classifyPrincipal('Service', 'ec2.amazonaws.com', scope)).toMatchObject({ kind: 'service' });
    expect(classifyPrincipal('AWS', '*', scope)).toMatchObject({ kind: 'wildcard' });
  });
});
