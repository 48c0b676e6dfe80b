import { Option, type Command } from 'commander';
import { SEVERITIES } from '../findings/model.js';
import { REPORT_FORMATS } from '../report/formats.js';

/** Adds --format, --output, --fail-on, --exit-zero, --no-color and --history to a command. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format (${REPORT_FORMATS.join(', ')})`).default('table'))
    .option('-o, --output <file>', 'write the report to a file (written whole or not at all) instead of stdout')
    .addOption(new Option('--fail-on <severity>', `lowest severity of a FAIL that makes the exit code 1 (${SEVERITIES.join(', ')})`).default('low'))
    .option('--exit-zero', 'exit 0 even when accounts FAIL or ERROR (report-only pipelines, demos); bad input still exits non-zero')
    .option('--no-color', 'no colour in the table')
    .option('--history <file>', 'append one JSON line about this run (verdicts, support roles and their last use) to a scan history file, read by `kpi` and `serve`');
}
