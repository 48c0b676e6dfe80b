import { Option, type Command } from 'commander';
import { SEVERITIES } from '../findings/model.js';
import { REPORT_FILE_NAMES, REPORT_FORMATS } from '../report/formats.js';
import { collect } from './output-plan.js';

/** The values of --status (src/report/select.ts SHOWN_STATUSES; repeated here so --help loads no report code). */
const STATUS_VALUES = 'PASS, FAIL, ERROR, INFO, SUPPRESSED';

/**
 * Adds the output flags (--format, --output, --output-file), what fails (--fail-on, --exit-zero), what is shown
 * (--severity, --status, --quiet, --verbose), --no-color and --history to a command.
 */
export function addReportOptions(cmd: Command): Command {
  const names = REPORT_FORMATS.map((f) => `${f} → ${REPORT_FILE_NAMES[f]}`).join(', ');
  return cmd
    .addOption(new Option('-f, --format <formats>', `output format(s), comma-separated or repeated: ${REPORT_FORMATS.join(', ')}`).default('table').argParser(collect))
    .option('-o, --output <file|dir/>', `write to FILE (one format) or, for several formats or a path ending in /, one file per format in DIR (${names}); each whole or not at all`)
    .addOption(new Option('--output-file <format=path>', 'write FORMAT to PATH (repeatable; - is stdout); -f formats without one go to -o or stdout').argParser(collect))
    .addOption(new Option('--fail-on <severity>', `lowest severity of a FAIL that makes the exit code 1 (${SEVERITIES.join(', ')}); counts every finding, whatever is shown`).default('low'))
    .option('--exit-zero', 'exit 0 even when accounts FAIL or ERROR (report-only pipelines, demos); bad input still exits non-zero')
    .addOption(new Option('--severity <list|min>', 'show only findings of these severities: one is a minimum (high = high, critical), a comma list is exact; not what fails (see --fail-on)').argParser(collect))
    .addOption(new Option('--status <list>', `show only findings with these statuses (${STATUS_VALUES}; comma-separated)`).argParser(collect))
    .addOption(new Option('-q, --quiet', 'show only FAIL and ERROR findings and the summary (no "wrote …" notes)').conflicts('verbose'))
    .option('--verbose', 'table: print every finding of every account (default: FAIL and ERROR findings; PASS accounts counted beyond 50 accounts)')
    .option('--no-color', 'no colour in the table')
    .option('--history <file>', 'append one JSON line about this run (verdicts, support roles and their last use) to a scan history file, read by `kpi` and `serve`');
}
