import { describe, expect, it } from 'vitest';
import { EventPatternError, matchesEventPattern } from './event-pattern.js';

const event = {
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  detail: { eventName: 'DeleteRole', readOnly: false, requestParameters: { roleName: 'aws-support-responders' }, tags: ['a', 'b'], count: 5 },
};

describe('EventBridge pattern matching', () => {
  it('matches literals (AND across fields, OR across listed values), nested objects and arrays in the event', () => {
    expect(matchesEventPattern({ source: ['aws.iam', 'aws.sts'], detail: { eventName: ['DeleteRole'] } }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.iam'], detail: { eventName: ['DetachRolePolicy'] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { readOnly: [false] } }, event)).toBe(true);
  });

  it('supports prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric and exists', () => {
    expect(matchesEventPattern({ source: [{ prefix: 'aws.' }] }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { requestParameters: { roleName: [{ suffix: '-responders' }] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'equals-ignore-case': 'deleterole' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { requestParameters: { roleName: [{ wildcard: 'aws-support-*' }] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': ['DeleteRole'] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': { prefix: 'Get' } }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 1, '<=', 5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: true }] } }, event)).toBe(false);
  });

  it('treats ? as a literal in EventBridge wildcards (unlike IAM)', () => {
    expect(matchesEventPattern({ detail: { eventName: [{ wildcard: 'Delete?ole' }] } }, event)).toBe(false);
  });

  it('matches any branch of $or', () => {
    expect(matchesEventPattern({ $or: [{ source: ['aws.sts'] }, { detail: { eventName: ['DeleteRole'] } }] }, event)).toBe(true);
  });

  it('reads a pattern given as JSON text, and refuses malformed ones', () => {
    expect(matchesEventPattern('{"source":["aws.iam"]}', event)).toBe(true);
    expect(() => matchesEventPattern('{"source":', event)).toThrow(EventPatternError);
    expect(() => matchesEventPattern({ source: 'aws.iam' }, event)).toThrow('pattern values must be arrays or objects');
  });
});
