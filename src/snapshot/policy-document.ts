import type { PolicyDocument } from './model.js';
import { InputError } from '../errors.js';

/**
 * Decodes a policy document from any of the shapes AWS hands out.
 *
 * The raw IAM API returns documents URL-encoded (RFC 3986); the AWS CLI decodes them into JSON
 * objects; moto returns plain JSON in some calls and encoded strings in others. All are accepted.
 */
export function decodePolicyDocument(value: unknown, where: string): PolicyDocument {
  if (isDecodedPolicyDocument(value)) return value;
  let doc: unknown = value;
  if (typeof doc === 'string') {
    let text = doc.trim();
    if (text.startsWith('%')) {
      try {
        text = decodeURIComponent(text.replace(/\+/g, '%20'));
      } catch {
        throw new InputError(`${where}: policy document is not valid URL-encoded text`);
      }
    }
    try {
      doc = JSON.parse(text);
    } catch {
      throw new InputError(`${where}: policy document is not valid JSON`);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError(`${where}: policy document must be a JSON object`);
  }
  const statement = (doc as { Statement?: unknown }).Statement;
  if (statement === undefined) return { ...(doc as object), Statement: [] } as PolicyDocument;
  if (typeof statement !== 'object' || statement === null) {
    throw new InputError(`${where}: policy document Statement must be an object or a list`);
  }
  return doc as PolicyDocument;
}

/**
 * True when the value is already a policy document object that decodePolicyDocument would return unchanged
 * (the AWS CLI's and SDK's shape). Lets a loader skip building an error location it will not need.
 */
export function isDecodedPolicyDocument(value: unknown): value is PolicyDocument {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const statement = (value as { Statement?: unknown }).Statement;
  return typeof statement === 'object' && statement !== null;
}

/** The statements of a document as a list (IAM allows a single object). */
export function statementsOf(doc: PolicyDocument | null | undefined) {
  if (!doc) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** A string-or-list value as a list. */
export function asList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
