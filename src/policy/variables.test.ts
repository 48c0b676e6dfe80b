import { describe, expect, it } from 'vitest';
import { RequestContext } from './context.js';
import { evaluatePolicies } from './evaluate.js';
import { substituteVariables } from './variables.js';

const ctx = new RequestContext({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'secops' });

describe('policy variables', () => {
  it('fills variables from the request, with defaults, and fails when a key is missing', () => {
    expect(substituteVariables('arn:aws:iam::*:user/${aws:username}', ctx)).toBe('arn:aws:iam::*:user/alice');
    expect(substituteVariables('home/${aws:PrincipalTag/TEAM}/*', ctx)).toBe('home/secops/*');
    expect(substituteVariables("home/${aws:PrincipalTag/project, 'shared'}/*", ctx)).toBe('home/shared/*');
    expect(substituteVariables('home/${aws:PrincipalTag/project}/*', ctx)).toBeUndefined();
  });

  it('applies them in Resource only for Version 2012-10-17 policies', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' };
    const req = { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt', context: ctx };
    expect(evaluatePolicies([{ Version: '2012-10-17', Statement: [statement] }], req)).toBe('allow');
    expect(evaluatePolicies([{ Version: '2012-10-17', Statement: [statement] }], { ...req, resource: 'arn:aws:s3:::home/bob/notes.txt' })).toBe('implicit-deny');
    expect(evaluatePolicies([{ Version: '2008-10-17', Statement: [statement] }], req)).toBe('implicit-deny');
  });

  it('applies them in string condition values', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } } }] };
    const req = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: ctx.with({ 's3:prefix': 'alice/reports' }) };
    expect(evaluatePolicies([doc], req)).toBe('allow');
    expect(evaluatePolicies([doc], { ...req, context: ctx.with({ 's3:prefix': 'bob/reports' }) })).toBe('implicit-deny');
  });
});
