import { describe, expect, it } from 'vitest';
import { accountIdOf, isAwsManagedPolicyArn, isAwsSupportAccessArn, parseArn, partitionOf } from './arn.js';

// The indexOf-based parser replaced `split(':')` + `rest.join(':')` for speed; these cases pin the old behaviour.
describe('parseArn', () => {
  it('splits the five fields and keeps every further colon in the resource', () => {
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/app/1:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      accountId: '123456789012',
      resource: 'log-group:/app/1:*',
    });
  });

  it('accepts empty fields and an empty resource, as the split-based parser did', () => {
    expect(parseArn('arn:aws:s3:::bucket')).toEqual({ partition: 'aws', service: 's3', region: '', accountId: '', resource: 'bucket' });
    expect(parseArn('arn:::::')).toEqual({ partition: '', service: '', region: '', accountId: '', resource: '' });
  });

  it('rejects strings with fewer than six fields or without the arn: prefix', () => {
    expect(parseArn('arn:aws:iam::123456789012')).toBeUndefined();
    expect(parseArn('arn:aws')).toBeUndefined();
    expect(parseArn('ARN:aws:iam::123456789012:role/x')).toBeUndefined();
    expect(parseArn(42 as unknown as string)).toBeUndefined();
  });
});

describe('isAwsSupportAccessArn', () => {
  it('accepts the AWS-managed policy in every known partition only', () => {
    expect(isAwsSupportAccessArn('arn:aws:iam::aws:policy/AWSSupportAccess')).toBe(true);
    expect(isAwsSupportAccessArn('arn:aws-us-gov:iam::aws:policy/AWSSupportAccess')).toBe(true);
    expect(isAwsSupportAccessArn('arn:aws-eusc:iam::aws:policy/AWSSupportAccess')).toBe(true);
    expect(isAwsSupportAccessArn('arn:aws-moon:iam::aws:policy/AWSSupportAccess')).toBe(false);
  });

  it('rejects look-alikes: customer-managed, regional, another path, trailing text', () => {
    expect(isAwsSupportAccessArn('arn:aws:iam::123456789012:policy/AWSSupportAccess')).toBe(false);
    expect(isAwsSupportAccessArn('arn:aws:iam:us-east-1:aws:policy/AWSSupportAccess')).toBe(false);
    expect(isAwsSupportAccessArn('arn:aws:iam::aws:policy/job-function/AWSSupportAccess')).toBe(false);
    expect(isAwsSupportAccessArn('arn:aws:iam::aws:policy/AWSSupportAccess:v2')).toBe(false);
    expect(isAwsSupportAccessArn(' arn:aws:iam::aws:policy/AWSSupportAccess')).toBe(false);
    expect(isAwsSupportAccessArn(undefined as unknown as string)).toBe(false);
  });
});

describe('fields read from ARNs', () => {
  it('reads 12-digit account ids, known partitions and AWS-managed policies', () => {
    expect(accountIdOf('arn:aws:iam::123456789012:role/a:b')).toBe('123456789012');
    expect(accountIdOf('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
    expect(partitionOf('arn:aws-cn:iam::123456789012:role/a')).toBe('aws-cn');
    expect(partitionOf('arn:aws-moon:iam::123456789012:role/a')).toBeUndefined();
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/service-role/AWSSupportServiceRolePolicy')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:role/x')).toBe(false);
  });
});
