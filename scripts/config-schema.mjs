/* global process, console, URL */
// Writes schema/supportguard.schema.json, its precompiled validator and docs/config.md from the commander definitions and the check registry (`npm run schema`,
// which builds first). Run it after adding a flag, a command or a check: test/config-schema.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/run.js';
import { CHECKS } from '../dist/checks/registry.js';
import { buildConfigSchema, schemaText, SCHEMA_FILE, VALIDATOR_FILE } from '../dist/config/schema.js';
import { validatorModule } from './config-validator.mjs';
import { renderConfigDocs } from '../dist/config/docs.js';

const program = buildProgram({ io: { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false }, exitCode: 0 });
const schema = buildConfigSchema(program, CHECKS.map((c) => c.id));
const text = schemaText(schema);
writeFileSync(new URL(`../${SCHEMA_FILE}`, import.meta.url), text);
const validator = validatorModule(schema);
writeFileSync(new URL(`../${VALIDATOR_FILE}`, import.meta.url), validator);
const docs = renderConfigDocs(schema);
writeFileSync(new URL('../docs/config.md', import.meta.url), docs);
console.log(`wrote ${SCHEMA_FILE} (${text.length} bytes), ${VALIDATOR_FILE} (${validator.length} bytes) and docs/config.md (${docs.length} bytes)`);
process.exitCode = 0;
