import { describe, expect, it } from 'vitest';
import { matchesAction } from './wildcard.js';

// matchesAction rejects on the first character before lower-casing or compiling a regex: these cases pin that the
// shortcut never turns a match into a miss.
describe('action matching', () => {
  it('matches actions case-insensitively, whatever the case of the first letter', () => {
    expect(matchesAction('STS:assumerole', 'sts:AssumeRole')).toBe(true);
    expect(matchesAction('sts:AssumeRole', 'STS:ASSUMEROLE')).toBe(true);
    expect(matchesAction('Sts:Assume*', 'sts:AssumeRole')).toBe(true);
  });

  it('lets a pattern that starts with a wildcard reach every service', () => {
    expect(matchesAction('*', 'support:CreateCase')).toBe(true);
    expect(matchesAction('*:AssumeRole', 'sts:AssumeRole')).toBe(true);
    expect(matchesAction('?ts:AssumeRole', 'sts:AssumeRole')).toBe(true);
    expect(matchesAction('?ts:AssumeRole', 'xsts:AssumeRole')).toBe(false);
  });

  it('rejects patterns of another service, and an empty pattern', () => {
    expect(matchesAction('logs:PutLogEvents', 'sts:AssumeRole')).toBe(false);
    expect(matchesAction('s3:*', 'sts:AssumeRole')).toBe(false);
    expect(matchesAction('', 'sts:AssumeRole')).toBe(false);
  });

  it('leaves non-ASCII first characters to full case folding (the Kelvin sign lower-cases to k)', () => {
    expect(matchesAction('\u212Ams:Decrypt', 'kms:Decrypt')).toBe(true);
  });
});
