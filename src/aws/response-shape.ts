/**
 * An AWS answer that is not a well-formed answer of its operation: an empty 200, an HTML page from a proxy, XML with
 * another root element. The SDK parses such a body into an object with no fields, which reads exactly like "no
 * roles have the policy" — a PASS account turned into a FAIL. Where an empty answer means something, its shape is
 * checked and this error ends that part in ERROR instead.
 */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/**
 * Checks that `page` is an answer of `operation`: every list AWS always sends (empty lists included) is a list, and
 * `IsTruncated`, when asked for, is a boolean. Returns the page; throws MalformedResponseError naming what is missing.
 */
export function requireAnswer<P extends object>(operation: string, page: P, o: { lists: readonly string[]; truncation?: boolean }): P {
  const fields = page as Record<string, unknown>;
  const missing = o.lists.filter((k) => !Array.isArray(fields[k]));
  if (o.truncation && typeof fields.IsTruncated !== 'boolean') missing.push('IsTruncated');
  if (missing.length > 0) throw new MalformedResponseError(`${operation} answered without ${missing.join(', ')}: not an answer of this operation (an empty 200 or a proxy page?)`);
  return page;
}
