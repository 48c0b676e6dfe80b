/**
 * docs/config.md, generated from the config schema (`npm run schema` writes both), so every key the schema has is
 * documented and nothing is documented that the schema lacks; test/config-schema.test.ts compares the committed page.
 */

type Node = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
  items?: Node;
  anyOf?: Node[];
  required?: string[];
  format?: string;
  pattern?: string;
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(n: Node): string {
  if (n.anyOf) return n.anyOf.map(typeOf).join(' or ');
  if (n.description?.startsWith('a check id')) return 'check id (see `supportguard checks`)';
  if (n.enum && n.enum.length <= 12) return n.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (n.enum) return 'a check id';
  const t = ([] as string[]).concat(n.type ?? 'any');
  if (t.includes('array') && n.items) return `list of ${typeOf(n.items)}`;
  const base = t.map((x) => ({ object: 'mapping', array: 'list', integer: 'whole number' })[x] ?? x).join(' or ');
  if (n.format === 'date') return `${base} (YYYY-MM-DD)`;
  if (n.format === 'regex') return `${base} (regular expression)`;
  if (n.pattern === '^[0-9]{12}$') return `${base} (12 digits)`;
  return base;
}

/** Every key path under a node, depth first: `suppressions[].scope.roles`, `tagging.required.<key>.pattern`. */
export function keyPaths(node: Node, prefix = ''): { path: string; node: Node; required: boolean }[] {
  const out: { path: string; node: Node; required: boolean }[] = [];
  const walk = (n: Node, at: string) => {
    const join = (k: string) => (at ? `${at}.${k}` : k);
    for (const [k, child] of Object.entries(n.properties ?? {})) {
      out.push({ path: join(k), node: child, required: n.required?.includes(k) ?? false });
      walk(child, join(k));
    }
    // A list of mappings: its keys as `list[].key`; a mapping of mappings: `map.<key>.key`.
    if (n.items?.properties) walk(n.items, `${at}[]`);
    if (typeof n.additionalProperties === 'object') {
      out.push({ path: join('<key>'), node: n.additionalProperties, required: false });
      walk(n.additionalProperties, join('<key>'));
    }
  };
  walk(node, prefix);
  return out;
}

const PROSE_TOP = `# supportguard.yml

The organization's decisions, in one file that every supportguard command reads: defaults for the flags, which checks
run and how severe they are, approved responders, known third parties, the tagging and naming policy of support roles,
and suppressions with an owner and an expiry. This page is generated from the JSON Schema
(\`schema/supportguard.schema.json\`, shipped in the package) by \`npm run schema\`; a test fails when they differ.

## Where it is read from

- \`supportguard.yml\`, \`supportguard.yaml\` or \`supportguard.json\` in the working directory (two of them at once is an
  error); \`--config FILE\` reads another file, \`--no-config\` ignores any. Both are global options, before or after the
  command name (\`supportguard --config ci.yml scan\`, \`supportguard scan --no-config\`).
- YAML 1.2 (so \`no\` is the string "no", not false) or JSON. \`supportguard init\` writes a commented starter file (every
  section shown, examples commented out); it never overwrites one without \`--force\`.
- Editors: the first line \`# yaml-language-server: $schema=…\` of the starter file gives completion and checking in
  VS Code (Red Hat YAML extension) and other language-server editors; offline, point it at
  \`node_modules/supportguard/schema/supportguard.schema.json\`.
- Validation is strict: an unknown key, a wrong type, a date that does not exist, a regular expression that does not
  compile, an account id that is not 12 digits, an unknown check id or severity stop the command with one line naming
  the file, the key and the problem, exit 2:

\`\`\`
supportguard: supportguard.yml: suppressions[0].expires: "2026-13-01" is not a date (YYYY-MM-DD)
supportguard: supportguard.yml: checks: unknown key "serverity" (did you mean "severity"?)
supportguard: supportguard.yml: defaults.scan.fail-on: unknown --fail-on "hihg" (one of: info, low, medium, high, critical)
\`\`\`

With no config file present nothing is loaded (start-up stays that of the command); the YAML parser and the validator
load only when a file exists.

## Flag defaults

\`defaults.<command>.<flag>\` and \`defaults.all.<flag>\`, keyed by the flag's long name without dashes. The order is: the
command line (or the environment variable a flag reads) always wins, then the command's section, then \`all\` (for every
command that has the flag), then the built-in default. A switch takes \`true\`/\`false\` (\`no-color: true\` is
\`--no-color\`); a repeatable flag takes a value or a list. Values are checked by the same code as on the command line,
and the error names the config key. Consent flags never come from a file: \`--apply\`, \`--yes\`, \`--force\`, \`--adopt\`,
\`--replace-trust\` and \`--token-code\` are not accepted under \`defaults\` (a committed file must not turn \`fix\` into
\`fix --apply\`).

## Checks

\`checks.enabled\` runs only those checks (as \`--check\`), \`checks.disabled\` leaves checks out; \`--check\` on the command
line (or \`defaults.<command>.check\`) wins over both. \`checks.severity\` sets the severity of a check's PASS, FAIL and
ERROR findings (INFO stays info) after the checks ran; the finding keeps the original in
\`details.originalSeverity\`, and \`--fail-on\` judges the overridden severity.

## Suppressions

An entry names a \`check\`, optionally a \`messageId\`, optionally a \`scope\`, and must have a \`reason\`, an \`owner\` and an
\`expires\` date.

- **Scope.** \`accounts\` and \`ous\` say where: a finding matches when its account is listed or one of the listed OUs (or the
  root id) is on the account's path; with neither, everywhere. \`roles\` then narrows to resources whose ARN matches one of
  the IAM-style patterns (\`*\` any run of characters, \`?\` one, case-sensitive); an account-level finding has the account
  ARN \`arn:aws:iam::<id>:root\`. The OU path is known only when the SCPs were collected (\`scan --org --deep\`, or a saved
  snapshot of one); an OU-scoped entry cannot match an account without it, and a warning names such accounts.
- **What is suppressed.** FAIL and INFO findings. **An ERROR is never suppressed**: an account that could not be read must
  stay visible whatever was accepted about its verdict. The first matching entry wins.
- **Expiry.** \`expires: 2026-12-31\` is active through that day (UTC) and inactive from 2027-01-01: its findings count
  again and a warning names the entry's index, check, owner and date.
- **Stale entries.** An active entry that matched no finding is reported on stderr and under \`suppressions.unmatched\` of
  the JSON report, so it can be removed.
- **Shown everywhere.** A suppressed finding is kept with \`suppression: {index, reason, owner, expires}\` and shown as
  SUPPRESSED: table, JSON (\`suppression\`), SARIF (\`suppressions: [{kind: external, status: accepted, justification}]\`),
  OCSF (\`status_id\` 3 "Suppressed", \`is_alert\` false), ASFF (\`Workflow.Status\` SUPPRESSED), JUnit (\`<skipped>\` with the
  reason), CSV (status SUPPRESSED, then \`suppression_reason\`, \`suppression_owner\`, \`suppression_expires\`), HTML and the
  dashboard (a SUPPRESSED badge). \`--fail-on\` never counts it.
- **The account verdict.** Suppressing the CIS FAIL of an account does not make it pass CIS: the verdict stays FAIL (the
  CIS pass rate counts it as failing, OCSF compliance status stays Fail, ASFF Compliance FAILED), marked
  \`suppressed: true\` and shown as \`FAIL SUPPRESSED\`. The exit code is 0 when every FAIL at or above \`--fail-on\` is
  suppressed.

## Every key
`;

/** The page, from the schema. */
export function renderConfigDocs(schema: Node): string {
  const lines = [PROSE_TOP];
  const top = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => k !== 'defaults')) };
  lines.push('| key | type | meaning |', '| --- | --- | --- |');
  for (const { path, node, required } of keyPaths(top)) {
    lines.push(`| \`${path}\` | ${cell(typeOf(node))}${required ? ' (required)' : ''} | ${cell(node.description ?? '')} |`);
  }
  const defaults = schema.properties?.defaults?.properties ?? {};
  lines.push('', '## Flags per command (`defaults.<command>`)', '', 'Generated from the commands\' own definitions; `all` accepts any flag below.', '');
  for (const [command, node] of Object.entries(defaults)) {
    if (command === 'all') continue;
    lines.push(`### \`defaults.${command.includes(' ') ? `"${command}"` : command}\``, '', '| flag | type | meaning |', '| --- | --- | --- |');
    for (const [flag, f] of Object.entries(node.properties ?? {})) lines.push(`| \`${flag}\` | ${cell(typeOf(f))} | ${cell(f.description ?? '')} |`);
    lines.push('');
  }
  lines.push(`### \`defaults.all\``, '', `Any of: ${Object.keys(defaults.all?.properties ?? {}).map((k) => `\`${k}\``).join(', ')}.`, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
