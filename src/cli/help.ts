import type { Command } from 'commander';

/**
 * The text `--help` prints after the options: examples for the main commands and the exit codes of each. Plain strings
 * (no report or check code is loaded for --help). test/cli-help.test.ts asserts these lines.
 */

/** Exit codes of the commands that judge accounts (audit, scan, iac) and of the program as a whole. */
const REPORT_EXIT_CODES = [
  'Exit codes:',
  '  0  OK: no FAIL at or above --fail-on, no account in ERROR',
  '  1  a FAIL at or above --fail-on (default low; computed on every finding, whatever --severity/--status show)',
  '  2  usage error: unknown command or flag, bad value',
  '  3  an input could not be used, a runtime error, or some account ended in ERROR',
];

const EXIT_CODES: Record<string, string[]> = {
  audit: REPORT_EXIT_CODES,
  scan: REPORT_EXIT_CODES,
  iac: REPORT_EXIT_CODES,
  drill: ['Exit codes:', '  0  every drilled role works and is confined', '  1  a drill step FAILed (the role cannot do its job, or can reach other services)', '  2  usage error', '  3  a role could not be entered or read (ERROR), or a runtime error'],
  fix: ['Exit codes:', '  0  plan printed, or every change applied', '  2  usage error', '  3  a precondition, a step or an account failed (what was done is undone)'],
  backout: ['Exit codes:', '  0  plan printed, or every role removed', '  2  usage error', '  3  a role was refused or a deletion failed'],
  emit: ['Exit codes:', '  0  written', '  2  usage error (unknown kind, bad value)', '  3  the output could not be written'],
  securityhub: ['Exit codes:', '  0  every finding imported', '  2  usage error', '  3  the report could not be read, or some findings were not imported'],
};

const GENERIC_EXIT_CODES = ['Exit codes:', '  0  OK', '  2  usage error', '  3  an input could not be used, or a runtime error'];

const EXAMPLES: Record<string, string[]> = {
  audit: [
    'Examples:',
    '  supportguard audit exports/                                  # every *.json export in the folder',
    '  supportguard audit exports/ --verbose                        # every finding, PASS and INFO included',
    '  supportguard audit exports/ -f table,json,sarif,html -o reports/',
    '  supportguard audit exports/ --severity high --fail-on medium # show high and critical, fail on medium and up',
    '  supportguard audit exports/ --quiet --history scans.jsonl',
  ],
  scan: [
    'Examples:',
    '  supportguard scan                                            # the account of your current credentials',
    '  supportguard scan --org --concurrency 16 -f table,json -o reports/',
    '  supportguard scan --org --member-role-name AWSControlTowerExecution --external-id ID',
    '  supportguard scan --org --deep --save snapshots/ && supportguard audit snapshots/',
    '  supportguard scan --org --status FAIL,ERROR --output-file sarif=supportguard.sarif',
  ],
  iac: [
    'Examples:',
    '  terraform show -json tfplan > plan.json',
    '  supportguard iac plan.json stacks/ -f sarif -o supportguard.sarif --fail-on medium',
    '  supportguard iac plan.json -f table --output-file sarif=supportguard.sarif --account-id 111122223333',
    '  supportguard iac template.yaml --parameter Env=prod --known-accounts 111122223333,444455556666',
  ],
  fix: [
    'Examples:',
    '  supportguard fix --trust arn:aws:iam::111122223333:role/IncidentResponder   # prints the plan only',
    '  supportguard fix --trust arn:aws:iam::111122223333:role/IncidentResponder --owner secops --apply',
    '  supportguard fix --org-from report.json --trust ARN --apply --yes          # every account that FAILs in a json report',
  ],
  drill: [
    'Examples:',
    '  supportguard drill                                           # the one role of your account with AWSSupportAccess',
    '  supportguard drill --role-arn ARN --mfa-serial ARN --test-case --history history.jsonl',
    '  supportguard drill --org --role-name aws-support -f table,json -o drills/',
  ],
  emit: [
    'Examples:',
    '  supportguard emit terraform --trust arn:aws:iam::111122223333:role/IncidentResponder -o support-role.tf',
    '  supportguard emit cloudformation --trust ARN --owner secops -o support-role.yaml',
    '  supportguard emit scp --scp-exempt-principal "arn:aws:iam::*:role/PlatformAdmin"',
    '  supportguard emit runbook --account 111122223333 --trust ARN',
  ],
};

/** The help text after a command's options: its examples, then its exit codes. */
export function commandHelpText(name: string): string {
  // Commander ends the text with a newline itself.
  return `\n${[...(EXAMPLES[name] ?? []), ...(EXAMPLES[name] ? [''] : []), ...(EXIT_CODES[name] ?? GENERIC_EXIT_CODES)].join('\n')}`;
}

/** The help text after the program's command list. */
export const PROGRAM_HELP_TEXT = `
Examples:
  supportguard audit exports/ -f table,sarif -o reports/
  supportguard scan --org --quiet
  supportguard completion bash > /etc/bash_completion.d/supportguard

${REPORT_EXIT_CODES.join('\n')}`;

/** Adds the examples and exit codes to the program and to each of its commands (and theirs). */
export function addHelpTexts(program: Command): void {
  program.addHelpText('after', PROGRAM_HELP_TEXT);
  for (const c of program.commands) {
    c.addHelpText('after', commandHelpText(c.name()));
    for (const sub of c.commands) sub.addHelpText('after', commandHelpText(c.name()));
  }
}
