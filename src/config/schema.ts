import type { Command, Option } from 'commander';
import { SEVERITIES } from '../findings/model.js';

/**
 * The JSON Schema of `supportguard.yml`, built from the commander definitions (the `defaults` section lists, per
 * command, exactly the flags it has) and the check registry (check ids are an enum, so an editor completes them and a
 * misspelt id is caught without loading the checks). `npm run schema` writes it to schema/supportguard.schema.json;
 * a test fails when the committed file differs, so a new flag or check only needs a regeneration.
 */

export const SCHEMA_ID = 'https://raw.githubusercontent.com/supportguard/supportguard/main/schema/supportguard.schema.json';
export const SCHEMA_FILE = 'schema/supportguard.schema.json';
/** The schema compiled ahead of time (ajv standalone), so validating a config costs no schema compilation at start-up. */
export const VALIDATOR_FILE = 'schema/supportguard.validate.mjs';

type JsonSchema = Record<string, unknown>;

/**
 * Flags that never take a default from the config: those of the program itself (they choose the config file), and the
 * consent flags. A file committed to a repository must not turn `fix` into `fix --apply`, answer a confirmation
 * (`--yes`), overwrite (`--force`), adopt or re-trust a role, or carry a one-time MFA code: those stay typed by a person.
 */
export const NOT_DEFAULTS = new Set(['help', 'version', 'config', 'no-config', 'apply', 'yes', 'force', 'adopt', 'replace-trust', 'token-code']);

/** The config key of a flag: its long name without the dashes (`--no-color` stays `no-color`). */
export function flagKey(o: Option): string | undefined {
  return o.long?.replace(/^--/, '');
}

/** A command's name as the user types it (`scan`, `securityhub import`). */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command that runs an action (groups such as `securityhub` only hold subcommands). */
export function leafCommands(program: Command): Command[] {
  const out: Command[] = [];
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      if (sub.commands.length > 0) walk(sub);
      else out.push(sub);
    }
  };
  walk(program);
  return out;
}

/** What a flag accepts in the config: true for a switch, a string (numbers welcome) for a value, a list for a repeatable one. */
function flagSchema(o: Option): JsonSchema {
  const description = o.description;
  const choices = o.argChoices;
  if (!o.required && !o.optional) return { type: 'boolean', description };
  const scalar: JsonSchema = choices ? { type: 'string', enum: [...choices] } : { type: ['string', 'number'] };
  const repeatable = o.variadic || Array.isArray(o.defaultValue);
  if (repeatable) return { description, anyOf: [scalar, { type: 'array', items: scalar }] };
  return { ...scalar, description };
}

function commandFlags(cmd: Command): [string, Option][] {
  return cmd.options.flatMap((o) => {
    const key = flagKey(o);
    return key && !NOT_DEFAULTS.has(key) ? [[key, o] as [string, Option]] : [];
  });
}

const ACCOUNT_ID = { type: 'string', pattern: '^[0-9]{12}$', description: '12-digit AWS account id' };
const OU_ID = { type: 'string', pattern: '^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$', description: 'OU id (ou-abcd-12345678) or root id (r-abcd)' };
// `pattern` rather than `minLength: 1`: the precompiled validator then needs no ajv runtime module (ucs2length).
const NON_EMPTY = { type: 'string', pattern: '\\S' };

/** Builds the whole schema from the program's commands and the registered check ids. */
export function buildConfigSchema(program: Command, checkIds: readonly string[]): JsonSchema {
  const commands = leafCommands(program);
  const perCommand: Record<string, JsonSchema> = {};
  const all: Record<string, JsonSchema> = {};
  for (const cmd of commands) {
    const props: Record<string, JsonSchema> = {};
    for (const [key, o] of commandFlags(cmd)) {
      props[key] = flagSchema(o);
      // `all` accepts a flag when any command has it; each command then checks the value as its own flag.
      all[key] ??= { ...flagSchema(o), description: `${o.description} (every command with --${key})` };
      if (all[key].enum && props[key].enum) all[key] = { ...all[key], enum: [...new Set([...(all[key].enum as string[]), ...(props[key].enum as string[])])] };
    }
    if (Object.keys(props).length === 0) continue;
    perCommand[commandPath(cmd)] = { type: 'object', description: `defaults for \`supportguard ${commandPath(cmd)}\``, properties: sortKeys(props), additionalProperties: false };
  }
  const checkId = { type: 'string', enum: [...checkIds], description: 'a check id (see `supportguard checks`)' };
  const severity = { type: 'string', enum: [...SEVERITIES] };
  const scope = {
    accounts: { type: 'array', items: ACCOUNT_ID, description: 'account ids' },
    ous: { type: 'array', items: OU_ID, description: 'OU or root ids; an account matches when the OU is on its path' },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'supportguard.yml',
    description: "The organization's decisions for supportguard: flag defaults, checks, approved responders, third parties, tagging, naming and suppressions.",
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'the schema this file follows (for editors)' },
      version: { type: 'integer', enum: [1], description: 'format version of the file; 1 today' },
      defaults: {
        type: 'object',
        description: 'defaults for command-line flags, per command plus `all`; a flag given on the command line always wins, then the command, then `all`',
        additionalProperties: false,
        properties: { all: { type: 'object', description: 'defaults for every command that has the flag', properties: sortKeys(all), additionalProperties: false }, ...sortKeys(perCommand) },
      },
      checks: {
        type: 'object',
        description: 'which checks run and how bad their findings are',
        additionalProperties: false,
        properties: {
          enabled: { type: 'array', items: checkId, description: 'only these checks run (as --check; --check on the command line wins)' },
          disabled: { type: 'array', items: checkId, description: 'these checks never run (unless named by --check)' },
          severity: {
            type: 'object',
            description: "severity of a check's findings, overriding the check's own; the original is kept in the finding's details",
            additionalProperties: false,
            properties: Object.fromEntries(checkIds.map((id) => [id, severity])),
          },
        },
      },
      responders: {
        type: 'array',
        description: 'who should be able to assume a support role (exactly one of principal, samlProvider, permissionSet)',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            principal: { ...NON_EMPTY, description: 'IAM role or user ARN, IAM wildcards allowed' },
            samlProvider: { ...NON_EMPTY, description: 'SAML provider ARN, IAM wildcards allowed' },
            permissionSet: { ...NON_EMPTY, description: 'IAM Identity Center permission set name' },
            scope: { type: 'object', description: 'where the responder is approved; absent means everywhere', additionalProperties: false, properties: scope },
            description: { type: 'string', description: 'free text for the access review (a team, a ticket)' },
          },
        },
      },
      thirdParties: {
        type: 'array',
        description: 'accounts outside the organization expected in trust policies (an MSP, a support partner)',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['accountId', 'name'],
          properties: {
            accountId: ACCOUNT_ID,
            name: { ...NON_EMPTY, description: 'who it is, shown instead of "foreign account"' },
            requireExternalId: { type: 'boolean', description: 'trust in this account must carry an sts:ExternalId condition (default true)' },
          },
        },
      },
      tagging: {
        type: 'object',
        description: 'tags every support role must carry',
        additionalProperties: false,
        properties: {
          required: {
            type: 'object',
            description: 'tag key → rule; an empty rule means present and not empty',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: {
                values: { type: 'array', items: { type: 'string' }, description: 'the value must be one of these' },
                pattern: { type: 'string', format: 'regex', description: 'the value must match this JavaScript regular expression' },
              },
            },
          },
        },
      },
      naming: {
        type: 'object',
        description: 'the naming convention of support roles',
        additionalProperties: false,
        properties: { rolePattern: { type: 'string', format: 'regex', description: "JavaScript regular expression the support role's name must match" } },
      },
      suppressions: {
        type: 'array',
        description: 'accepted exceptions, each with a reason, an owner and an expiry; ERROR findings are never suppressed',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['check', 'reason', 'owner', 'expires'],
          properties: {
            check: checkId,
            messageId: { ...NON_EMPTY, description: 'only this message id of the check' },
            scope: {
              type: 'object',
              description: 'accounts, OUs and role ARN patterns; absent means everywhere',
              additionalProperties: false,
              properties: { ...scope, roles: { type: 'array', items: NON_EMPTY, description: 'role ARN patterns (IAM wildcards * and ?)' } },
            },
            reason: { ...NON_EMPTY, description: 'why the finding is accepted' },
            owner: { ...NON_EMPTY, description: 'who answers for it' },
            expires: { type: 'string', format: 'date', description: 'YYYY-MM-DD; inactive from the day after (UTC)' },
          },
        },
      },
    },
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** The schema as committed: two-space JSON with a final newline. */
export function schemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
