import { MalformedAnswerError } from './paginate.js';

// An AWS answer that is not a well-formed answer of its operation (an empty 200, an HTML page from a proxy, XML with
// another root element) is parsed by the SDK into an object with no fields, which reads exactly like "no role has
// the policy": a PASS account turned into a FAIL. Where an empty answer means something, its shape is checked and
// MalformedAnswerError ends that part in ERROR instead.

/**
 * Checks that `page` is an answer of `operation`: every list AWS always sends (empty lists included) is a list, and
 * `IsTruncated`, when asked for, is a boolean. Returns the page; throws MalformedAnswerError naming what is missing.
 */
export function requireAnswer<P extends object>(operation: string, page: P, o: { lists: readonly string[]; truncation?: boolean }): P {
  const fields = page as Record<string, unknown>;
  const missing = o.lists.filter((k) => !Array.isArray(fields[k]));
  if (o.truncation && typeof fields.IsTruncated !== 'boolean') missing.push('IsTruncated');
  if (missing.length > 0) throw new MalformedAnswerError(`${operation} answered without ${missing.join(', ')}: not an answer of this operation (an empty 200 or a proxy page?)`);
  return page;
}
