/* global process, console */
// Writes schema/supportguard.schema.json from the commander definitions and the check registry (`npm run schema`,
// which builds first). Run it after adding a flag, a command or a check: test/config-schema.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/run.js';
import { CHECKS } from '../dist/checks/registry.js';
import { buildConfigSchema, schemaText, SCHEMA_FILE } from '../dist/config/schema.js';

const program = buildProgram({ io: { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false }, exitCode: 0 });
const text = schemaText(buildConfigSchema(program, CHECKS.map((c) => c.id)));
writeFileSync(new URL(`../${SCHEMA_FILE}`, import.meta.url), text);
console.log(`wrote ${SCHEMA_FILE} (${text.length} bytes)`);
process.exitCode = 0;
