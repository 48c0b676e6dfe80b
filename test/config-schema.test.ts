import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKS } from '../src/checks/registry.js';
import { buildProgram } from '../src/cli/run.js';
import { renderConfigDocs, keyPaths } from '../src/config/docs.js';
import { buildConfigSchema, leafCommands, commandPath, NOT_DEFAULTS, schemaText, SCHEMA_FILE, SCHEMA_ID, VALIDATOR_FILE } from '../src/config/schema.js';
import { STARTER_CONFIG } from '../src/config/starter.js';

// The committed schema and docs page are what `npm run schema` generates from today's commands and checks: a flag or
// check added on another branch fails here until the schema is regenerated.

const program = buildProgram({ io: { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false }, exitCode: 0 });
const generated = buildConfigSchema(program, CHECKS.map((c) => c.id));

describe('the supportguard.yml JSON Schema', () => {
  it('is committed exactly as generated (run `npm run schema` after adding a flag, a command or a check)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText(generated));
  });

  it('lists, per command, exactly the flags that command has (consent flags aside)', () => {
    const defaults = (generated.properties as { defaults: { properties: Record<string, { properties: Record<string, unknown> }> } }).defaults.properties;
    for (const cmd of leafCommands(program)) {
      const flags = cmd.options.map((o) => o.long!.slice(2)).filter((f) => !NOT_DEFAULTS.has(f)).sort();
      expect(Object.keys(defaults[commandPath(cmd)]?.properties ?? {}).sort(), commandPath(cmd)).toEqual(flags);
    }
    expect(Object.keys(defaults.scan!.properties)).toContain('member-role-name');
    expect(Object.keys(defaults.fix!.properties)).not.toContain('apply');
  });

  it('is a valid draft-07 schema with an $id, additionalProperties false on every mapping, and is shipped in the package', () => {
    const ajv = new Ajv.default({ strict: true, allowUnionTypes: true });
    ajv.addFormat('date', true).addFormat('regex', true);
    expect(() => ajv.compile(generated)).not.toThrow();
    expect(generated.$id).toBe(SCHEMA_ID);
    const open: string[] = [];
    const walk = (n: Record<string, unknown>, at: string) => {
      if (n.type === 'object' && n.additionalProperties === undefined) open.push(at);
      for (const [k, v] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) walk(v, `${at}.${k}`);
      if (n.items) walk(n.items as Record<string, unknown>, `${at}[]`);
      if (typeof n.additionalProperties === 'object') walk(n.additionalProperties as Record<string, unknown>, `${at}.<key>`);
      for (const a of (n.anyOf as Record<string, unknown>[]) ?? []) walk(a, at);
    };
    walk(generated, '$');
    expect(open).toEqual([]);
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }).files).toContain('schema');
    expect(STARTER_CONFIG.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}`);
  });

  it('accepts the README example and examples/supportguard.yml (the same file)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync('examples/supportguard.yml', 'utf8'));
    const ajv = new Ajv.default({ strict: true, allowUnionTypes: true });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/).addFormat('regex', true);
    const validate = ajv.compile(generated);
    expect(validate(parse(block!)), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('docs/config.md', () => {
  it('is generated from the schema: every key documented, nothing the schema lacks', () => {
    const page = readFileSync('docs/config.md', 'utf8');
    expect(page).toBe(renderConfigDocs(generated as never));
    const documented = [...page.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    const top = { ...generated, properties: Object.fromEntries(Object.entries(generated.properties as object).filter(([k]) => k !== 'defaults')) };
    for (const { path } of keyPaths(top as never)) expect(documented).toContain(path);
  });
});

describe('the precompiled validator', () => {
  it('is committed exactly as ajv standalone generates it from the schema (run `npm run schema`)', async () => {
    // @ts-expect-error: a plain ES module of the build scripts, without types
    const { validatorModule } = (await import('../scripts/config-validator.mjs')) as { validatorModule: (schema: object) => string };
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(validatorModule(generated));
  });
});
