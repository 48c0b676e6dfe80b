import { describe, expect, it } from 'vitest';
import { planBackout, renderBackoutPlanText } from './backout.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const ours = { 'managed-by': 'supportguard' };
const arn = (n: string) => `arn:aws:iam::111122223333:role/${n}`;

describe('planBackout', () => {
  it('deletes never-used and long-unused supportguard roles, refuses recent ones and anyone else\'s', () => {
    const plan = planBackout(
      [
        { roleName: 'recent', roleArn: arn('recent'), tags: ours, lastUsed: '2026-11-10T08:00:00.000Z' },
        { roleName: 'old', roleArn: arn('old'), tags: ours, lastUsed: '2026-09-01T08:00:00.000Z' },
        { roleName: 'never', roleArn: arn('never'), tags: ours },
        { roleName: 'theirs', roleArn: arn('theirs'), tags: { 'managed-by': 'terraform' } },
      ],
      { recentDays: 30, now: NOW },
    );
    expect(plan.entries.map((e) => [e.roleName, e.decision, e.reason])).toEqual([
      ['never', 'delete', undefined],
      ['old', 'delete', undefined],
      ['recent', 'refused', 'used 12 day(s) ago (2026-11-10T08:00:00.000Z), within --recent-days 30; pass --force to delete it anyway'],
      ['theirs', 'refused', 'not created by supportguard (no tag managed-by=supportguard); supportguard never deletes it'],
    ]);
  });

  it('--force deletes a recently used role but still never someone else\'s', () => {
    const plan = planBackout(
      [
        { roleName: 'recent', roleArn: arn('recent'), tags: ours, lastUsed: '2026-11-22T08:00:00.000Z' },
        { roleName: 'theirs', roleArn: arn('theirs'), tags: {} },
      ],
      { recentDays: 30, force: true, now: NOW },
    );
    expect(plan.entries.map((e) => e.decision)).toEqual(['delete', 'refused']);
  });

  it('says when there is nothing to back out', () => {
    expect(renderBackoutPlanText(planBackout([], { recentDays: 30 }), '111122223333')).toBe('Account 111122223333: no roles created by supportguard; nothing to back out\n');
  });
});
