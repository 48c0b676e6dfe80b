import type { Finding } from '../findings/model.js';
import type { AccountSnapshot, SourceLocationRef } from '../snapshot/model.js';
import { isObject } from './text.js';

function locationIn(value: unknown): SourceLocationRef | undefined {
  return isObject(value) && typeof value.file === 'string' ? { file: value.file, ...(typeof value.line === 'number' ? { line: value.line } : {}), ...(typeof value.column === 'number' ? { column: value.column } : {}) } : undefined;
}

/**
 * Sharpens the location of findings of an IaC snapshot.
 *
 * The engine gives them the file (the account ARN's location). A finding is more useful at the line
 * that explains it: a location in its details (the IaC check puts the changing resource's there), else, for
 * account-level findings, the first role or policy ARN its details name that the code defines (e.g. the
 * role with a look-alike policy).
 */
export function locateIacFindings(findings: Finding[], snapshot: AccountSnapshot): Finding[] {
  const known = snapshot.sourceLocations ?? {};
  const accountLocation = Object.entries(known).find(([arn]) => arn.endsWith(':root'))?.[1];
  for (const f of findings) {
    if (f.accountId !== snapshot.accountId) continue;
    const own = locationIn(f.details?.location);
    if (own) {
      f.location = own;
      continue;
    }
    if (f.resourceType !== 'AwsAccount') {
      // GitHub code scanning refuses a result without a file: anything else found in the code points at it.
      if (!f.location && accountLocation) f.location = { ...accountLocation };
      continue;
    }
    const arns = Object.values(f.details ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');
    const hit = arns.find((a) => known[a]);
    if (hit) f.location = { ...known[hit]! };
  }
  return findings;
}
