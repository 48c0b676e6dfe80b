import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { OcsfSchemaCompiler } from './ocsf-schema.js';

/** The schemas vendored as test data (each folder has its licence and a README saying where it comes from). */
export const SCHEMA_DIR = join('test', 'fixtures', 'schemas');

const readJson = (...parts: string[]): object => JSON.parse(readFileSync(join(SCHEMA_DIR, ...parts), 'utf8')) as object;

function compiled(schema: object): ValidateFunction {
  // `.default`: both are CommonJS modules whose export is also their `default` (NodeNext typing sees the namespace).
  // The SARIF 2.1.0 schema is JSON Schema draft-04 (`id`, boolean exclusiveMinimum): ajv 8 reads it through ajv-draft-04.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
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

/**
 * Validates JUnit XML against the JUnit XSD Jenkins' xUnit plugin reads (junit-10.xsd), with libxml2's own XSD
 * validator compiled to WebAssembly (xmllint-wasm): no native build, same verdicts as `xmllint --schema`.
 */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const schema = readFileSync(join(SCHEMA_DIR, 'junit', 'junit-10.xsd'), 'utf8');
  const { valid, errors } = await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema: { fileName: 'junit-10.xsd', contents: schema } });
  return valid ? [] : errors.map((e) => e.rawMessage);
}

const ocsf = new Map<string, ValidateFunction>();

/**
 * Validates one OCSF 1.4.0 event against the JSON Schema of its class, compiled from the vendored OCSF source
 * for the profiles the event applies (see ocsf-schema.ts for what is and is not checked).
 */
export function ocsfSchemaErrors(doc: object): string[] {
  const event = doc as { class_uid?: number; metadata?: { profiles?: string[] } };
  const classPath = { 2003: 'findings/compliance_finding', 2004: 'findings/detection_finding' }[event.class_uid ?? 0];
  if (!classPath) return [`class_uid ${String(event.class_uid)} is not one supportguard emits`];
  const profiles = [...(event.metadata?.profiles ?? [])].sort();
  const key = `${classPath} ${profiles.join(',')}`;
  let validate = ocsf.get(key);
  if (!validate) {
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    validate = ajv.compile(new OcsfSchemaCompiler(new Set(profiles)).compile(classPath));
    ocsf.set(key, validate);
  }
  return errorsOf(validate, event);
}

/**
 * ASFF has no published JSON Schema; its definition is the Security Hub API model. The AWS SDK serialises a
 * BatchImportFindings request from that model and drops every member the model does not define, at any depth.
 * This sends findings through the SDK's serialiser (to a request handler that answers locally, nothing leaves the
 * process) and lists each path of the input that did not survive: an empty list means every field is an ASFF field.
 */
export async function asffFieldsNotInModel(findings: readonly object[]): Promise<string[]> {
  let body = '';
  const client = new SecurityHubClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
        return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"FailedCount":0,"SuccessCount":0,"FailedFindings":[]}') } };
      },
    } as unknown as SecurityHubClientConfig['requestHandler'],
  });
  await client.send(new BatchImportFindingsCommand({ Findings: findings as AwsSecurityFinding[] }));
  const sent = (JSON.parse(body) as { Findings: unknown[] }).Findings;
  const missing: string[] = [];
  const walk = (input: unknown, output: unknown, path: string) => {
    if (Array.isArray(input)) return input.forEach((x, i) => walk(x, (output as unknown[] | undefined)?.[i], `${path}[${i}]`));
    if (typeof input !== 'object' || input === null) return;
    for (const [k, v] of Object.entries(input)) {
      const out = (output as Record<string, unknown> | undefined)?.[k];
      if (out === undefined) missing.push(`${path}.${k}`);
      else walk(v, out, `${path}.${k}`);
    }
  };
  findings.forEach((f, i) => walk(f, sent[i], `[${i}]`));
  return missing;
}
