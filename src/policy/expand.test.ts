import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../snapshot/model.js';
import { actionCatalogue } from './catalogue.js';
import { expandAllowedActions } from './expand.js';

const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({ Version: '2012-10-17', Statement: Statement.flat() });
const names = (d: PolicyDocument[], b?: PolicyDocument) => expandAllowedActions(d, b).map((a) => a.action);

describe('permission expansion over the action catalogue', () => {
  it('loads the whole catalogue with access levels', () => {
    const c = actionCatalogue();
    expect(c.size).toBeGreaterThan(20_000);
    expect(c.services.get('iam')!.find((a) => a.name === 'AttachRolePolicy')!.level).toBe('Permissions management');
    expect(c.services.get('support')!.find((a) => a.name === 'CreateCase')!.level).toBe('Write');
  });

  it('expands wildcards case-insensitively and NotAction to everything else', () => {
    expect(names([doc({ Effect: 'Allow', Action: 'IAM:getrole', Resource: '*' })])).toEqual(['iam:GetRole']);
    const notAction = names([doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })]);
    expect(notAction).toContain('s3:GetObject');
    expect(notAction.some((a) => a.startsWith('iam:'))).toBe(false);
  });

  it('removes only what an unconditional, resource-wide Deny removes, and stays within the boundary', () => {
    const allowS3 = { Effect: 'Allow', Action: 's3:Get*', Resource: '*' };
    expect(names([doc(allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*' })])).toEqual([]);
    expect(names([doc(allowS3, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' })])).toContain('s3:GetObject');
    expect(names([doc(allowS3)], doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))).toEqual(['s3:GetObject']);
  });

  it('lists a few actions and many actions alike in catalogue order, whatever order the policy names them in', () => {
    // The catalogue order, as a walk over every service gives it: the oracle for both ways of building the list.
    const inCatalogueOrder = (keep: (action: string) => boolean) => [...actionCatalogue().services.values()].flat().map((a) => a.action).filter(keep);
    const few = names([doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'support:*', 'iam:GetRole', 'ec2:DescribeInstances'], Resource: '*' })]);
    expect(few).toEqual(inCatalogueOrder((a) => a === 'sts:AssumeRole' || a.startsWith('support:') || a === 'iam:GetRole' || a === 'ec2:DescribeInstances'));
    expect(few.length).toBeGreaterThan(4);
    const many = names([doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })]);
    expect(many).toEqual(inCatalogueOrder((a) => !a.startsWith('iam:')));
  });
});
