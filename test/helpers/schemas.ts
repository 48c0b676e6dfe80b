import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The schemas vendored as test data (each folder has its licence and a README saying where it comes from). */
export const SCHEMA_DIR = join('test', 'fixtures', 'schemas');

const readJson = (...parts: string[]): object => JSON.parse(readFileSync(join(SCHEMA_DIR, ...parts), 'utf8')) as object;

function compiled(schema: object): ValidateFunction {
  // The SARIF 2.1.0 schema is JSON Schema draft-04 (`id`, boolean exclusiveMinimum): ajv 8 reads it through ajv-draft-04.
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

let sarif: ValidateFunction | undefined;

/** Schema errors of a document, as `path: message` lines (empty when valid), so a failing test says what is wrong. */
function errorsOf(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Validates a SARIF log against the official SARIF 2.1.0 JSON schema (OASIS, errata 01). */
export function sarifSchemaErrors(log: unknown): string[] {
  sarif ??= compiled(readJson('sarif', 'sarif-schema-2.1.0.json'));
  return errorsOf(sarif, log);
}
