// Types of supportguard.validate.mjs, the schema compiled by `npm run schema` (ajv standalone); written by hand.
// The errors are ajv's ErrorObject; src/config/validate.ts names the fields it reads.
export function makeValidate(formats: Record<string, (value: string) => boolean>): {
  (data: unknown): boolean;
  errors?: { instancePath: string; schemaPath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;
};
