import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionCatalogue } from './catalogue.js';

const file = JSON.parse(readFileSync(new URL('../../data/action-catalogue.json', import.meta.url), 'utf8')) as {
  source: string;
  levels: Record<string, string>;
  services: Record<string, Record<string, string>>;
};

describe('actionCatalogue: services built when read', () => {
  it('answers keys, has and size from the file, and a service read first is the one iteration gives later, in file order', () => {
    // Given the catalogue as the checks see it (a support-console lookup before anything walks it)
    const c = actionCatalogue();
    const consoleActions = c.services.get('support-console');
    // Then the names, count and membership are the file's, without building the rest
    expect(c.services.has('support-console')).toBe(true);
    expect(c.services.has('no-such-service')).toBe(false);
    expect(c.services.get('no-such-service')).toBeUndefined();
    expect(c.services.size).toBe(Object.keys(file.services).length);
    expect([...c.services.keys()]).toEqual(Object.keys(file.services));
    expect(c.size).toBe(Object.values(file.services).reduce((n, s) => n + Object.keys(s).length, 0));
    // And a walk over every service keeps the file's order, the object already handed out included
    const entries = [...c.services.entries()];
    expect(entries.map(([s]) => s)).toEqual(Object.keys(file.services));
    expect(c.services.get('support-console')).toBe(consoleActions);
    expect(entries.find(([s]) => s === 'support-console')?.[1]).toBe(consoleActions);
    expect(consoleActions?.map((a) => a.name)).toEqual(Object.keys(file.services['support-console']!));
    expect(entries.reduce((n, [, list]) => n + list.length, 0)).toBe(c.size);
  });

  it('reads from its spans of the text exactly what JSON.parse reads from the whole file', () => {
    // Given every service walked, When compared with the file parsed whole, Then each action and level is the same
    const c = actionCatalogue();
    expect(c.source).toBe(file.source);
    const fromSpans = Object.fromEntries([...c.services.entries()].map(([service, list]) => [service, Object.fromEntries(list.map((a) => [a.name, a.level]))]));
    const fromFile = Object.fromEntries(Object.entries(file.services).map(([service, actions]) => [service, Object.fromEntries(Object.entries(actions).map(([n, code]) => [n, file.levels[code]]))]));
    expect(fromSpans).toEqual(fromFile);
    for (const [service, list] of c.services) for (const a of list) expect(a.action).toBe(`${service}:${a.name}`);
  });
});
