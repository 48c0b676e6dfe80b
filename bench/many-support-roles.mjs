// Benchmark for issue 15 item 13: an account with many support roles that all trust "*" (limited to the organization).
// Effective access used to grow with the square of the number of support roles (every role lists every other as an
// assumer): 1,000 roles took 13 s and 1.3 GB, 4,000 ran V8 out of heap. Goal: linear details, 4,000 roles in a
// bounded memory figure.
// Run after `npm run build`:  node bench/many-support-roles.mjs [roles...]   (default: 1000 4000)
// Each size runs in a fresh child process so its peak RSS is its own.
/* global console, process, performance */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACCOUNT = '123456789012';
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });

function generate(n) {
  const roles = [];
  for (let i = 0; i < n; i++) {
    const name = `support-${String(i).padStart(5, '0')}`;
    roles.push({
      Path: '/', RoleName: name, RoleId: `AROA${String(i).padStart(17, '0')}`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, CreateDate: '2024-01-01T00:00:00Z',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      RolePolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
      Tags: [{ Key: 'owner', Value: 'secops' }, { Key: 'purpose', Value: 'support' }], RoleLastUsed: {},
    });
  }
  return { RoleDetailList: roles, UserDetailList: [], GroupDetailList: [], Policies: [] };
}

if (process.argv[2] === '--child') {
  const { CHECKS, loadSnapshots, runChecks } = await import('../dist/index.js');
  const set = await loadSnapshots([process.argv[3]]);
  set.accounts[0].knownAccounts = { organizationId: 'o-a1b2c3d4e5', accountIds: [ACCOUNT] };
  const check = CHECKS.find((c) => c.id === 'support-role-effective-access');
  const t = performance.now();
  const { findings } = runChecks([check], set.accounts);
  const ms = performance.now() - t;
  const details = JSON.stringify(findings.map((f) => f.details)).length;
  console.log(JSON.stringify({ ms, findings: findings.length, detailsBytes: details, rssMiB: process.resourceUsage().maxRSS / 1024, first: findings[0]?.message.slice(0, 120) }));
  process.exit(0);
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const dir = mkdtempSync(join(tmpdir(), 'sg-many-roles-'));
try {
  console.log(`effective access with N support roles that all trust "*" (organization-limited); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  console.log('roles    check time   details    peak RSS');
  for (const n of sizes.length ? sizes : [1000, 4000]) {
    const file = join(dir, `${ACCOUNT}-${n}.json`);
    writeFileSync(file, JSON.stringify(generate(n)));
    const out = execFileSync(process.execPath, ['--max-old-space-size=1024', fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8' });
    const r = JSON.parse(out);
    console.log(`${String(n).padStart(5)}  ${(r.ms / 1000).toFixed(2).padStart(8)} s  ${(r.detailsBytes / 1e6).toFixed(1).padStart(6)} MB  ${r.rssMiB.toFixed(0).padStart(6)} MiB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
