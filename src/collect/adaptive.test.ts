import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from './adaptive.js';

/** A task that stays in flight until released, recording how many run at once. */
function gate() {
  let running = 0;
  let most = 0;
  const release: (() => void)[] = [];
  const task = () =>
    new Promise<'ran'>((resolve) => {
      running++;
      most = Math.max(most, running);
      release.push(() => {
        running--;
        resolve('ran');
      });
    });
  return { task, release, running: () => running, most: () => most };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('adaptive concurrency (AIMD between 1 and --concurrency)', () => {
  it('starts at the initial limit and never runs more tasks than the limit allows', async () => {
    // Given a ceiling of 64 and a start at 4
    const limit = new AdaptiveConcurrency(64, 4);
    const g = gate();
    // When 20 tasks are queued and nothing answers yet
    const all = Array.from({ length: 20 }, () => limit.run(g.task));
    await tick();
    // Then only 4 run
    expect(g.running()).toBe(4);
    for (const r of g.release.splice(0)) r();
    limit.close();
    await Promise.all(all);
  });

  it('slow start: each answer adds one slot until the first Throttling, never above the ceiling', () => {
    const limit = new AdaptiveConcurrency(10, 2);
    limit.succeeded();
    limit.succeeded();
    expect(limit.current).toBe(4);
    for (let i = 0; i < 20; i++) limit.succeeded();
    expect(limit.current).toBe(10);
    expect(limit.stats).toMatchObject({ max: 10, initial: 2, peak: 10, throttles: 0, decreases: 0 });
  });

  it('halves on Throttling once per round trip, then grows by about one slot per round trip', async () => {
    const limit = new AdaptiveConcurrency(64, 32);
    const g = gate();
    const all = Array.from({ length: 100 }, () => limit.run(g.task));
    await tick();
    expect(g.running()).toBe(32);
    // When the 32 requests in flight are all throttled at once
    for (let i = 0; i < 32; i++) limit.throttled();
    // Then the limit is halved once, not 32 times
    expect(limit.current).toBe(16);
    expect(limit.stats).toMatchObject({ throttles: 32, decreases: 1, lowest: 16 });
    // And the next throttle after that round trip halves it again
    limit.throttled();
    expect(limit.current).toBe(8);
    // Additive increase: +1/limit per answer, so nine answers at limit 8 add one slot, not nine
    for (let i = 0; i < 9; i++) limit.succeeded();
    expect(limit.current).toBe(9);
    // Tasks finishing now start new ones only up to the lowered limit
    for (const r of g.release.splice(0)) r();
    await tick();
    expect(g.running()).toBe(9);
    limit.close();
    for (const r of g.release.splice(0)) r();
    const results = await Promise.all(all);
    // close(): the queued tasks never ran and say so with undefined; the started ones ran to the end
    expect(results.filter((r) => r === 'ran')).toHaveLength(32 + 9);
    expect(results.filter((r) => r === undefined)).toHaveLength(100 - 32 - 9);
  });

  it('never drops below one task at a time', () => {
    const limit = new AdaptiveConcurrency(4, 1);
    for (let i = 0; i < 10; i++) limit.throttled();
    expect(limit.current).toBe(1);
  });

  it('refuses a ceiling that is not a whole number ≥ 1', () => {
    expect(() => new AdaptiveConcurrency(0)).toThrow('concurrency ceiling must be a whole number ≥ 1 (got 0)');
  });
});
