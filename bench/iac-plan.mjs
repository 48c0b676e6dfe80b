/* global process, console, performance */
// Speed and memory of the IaC gate on a large Terraform plan (run `npm run build` first):
//   node bench/iac-plan.mjs [roles]
// Writes a synthetic `terraform show -json` plan (one line, as Terraform prints it) with the given number of
// roles, each with an attachment resolved through configuration references inside a module, then times
// reading it into a snapshot and running every check. Prints figures; asserts nothing.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, iacSnapshot, locateIacFindings, runChecks } from '../dist/index.js';

const roles = Number(process.argv[2] ?? 5000);
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
const planned = [];
const changes = [];
const config = [];
for (let i = 0; i < roles; i++) {
  const role = { address: `module.team.aws_iam_role.r${i}`, mode: 'managed', type: 'aws_iam_role', name: `r${i}`, values: { name: `role-${i}`, path: '/', assume_role_policy: trust, tags: { team: `t${i % 50}` } } };
  const att = { address: `module.team.aws_iam_role_policy_attachment.a${i}`, mode: 'managed', type: 'aws_iam_role_policy_attachment', name: `a${i}`, values: { policy_arn: i === roles - 1 ? 'arn:aws:iam::aws:policy/AWSSupportAccess' : 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };
  planned.push(role, att);
  changes.push(
    { address: role.address, module_address: 'module.team', mode: 'managed', type: role.type, name: role.name, change: { actions: ['create'], before: null, after: role.values, after_unknown: { arn: true } } },
    { address: att.address, module_address: 'module.team', mode: 'managed', type: att.type, name: att.name, change: { actions: ['create'], before: null, after: att.values, after_unknown: { role: true } } },
  );
  config.push(
    { address: `aws_iam_role.r${i}`, mode: 'managed', type: 'aws_iam_role', name: `r${i}`, expressions: { name: { constant_value: `role-${i}` } } },
    { address: `aws_iam_role_policy_attachment.a${i}`, mode: 'managed', type: 'aws_iam_role_policy_attachment', name: `a${i}`, expressions: { role: { references: [`aws_iam_role.r${i}.name`, `aws_iam_role.r${i}`] } } },
  );
}
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: { root_module: { child_modules: [{ address: 'module.team', resources: planned }] } },
  resource_changes: changes,
  configuration: { root_module: { module_calls: { team: { source: './team', module: { resources: config } } } } },
};
const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
const file = join(dir, 'plan.json');
writeFileSync(file, JSON.stringify(plan));
const size = statSync(file).size;

const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const snapshot = await iacSnapshot([file]);
const t1 = performance.now();
const result = runChecks(CHECKS, [snapshot]);
locateIacFindings(result.findings, snapshot);
const t2 = performance.now();
const rssAfter = process.memoryUsage().rss;
rmSync(dir, { recursive: true, force: true });

const verdict = result.accounts[0].status;
console.log(`plan: ${roles} roles + ${roles} attachments, ${(size / 1024 / 1024).toFixed(1)} MiB (one line)`);
console.log(`read + snapshot: ${(t1 - t0).toFixed(0)} ms; checks: ${(t2 - t1).toFixed(0)} ms; verdict ${verdict}`);
console.log(`rss: ${(rssBefore / 1024 / 1024).toFixed(0)} MiB -> ${(rssAfter / 1024 / 1024).toFixed(0)} MiB; heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
