import { RuntimeError } from '../errors.js';

/** A page of an IAM-style (Marker/IsTruncated) list call. */
export interface MarkerPage {
  IsTruncated?: boolean;
  Marker?: string;
}

/** A Marker-paginated list call that did not end the way IAM promises. */
export class PaginationError extends RuntimeError {
  override name = 'PaginationError';
}

/** More pages than any real IAM listing has (1,000 items a page): a server looping on us, not data. */
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Follows an IAM-style Marker pagination to the end and returns every page, in order.
 *
 * A hand-written `marker = page.IsTruncated ? page.Marker : undefined` loop silently stops when a page
 * says IsTruncated but carries no Marker, and would then act on a partial list (detach some policies,
 * judge a role by half its attachments). Here that, a Marker seen before (a server looping) or more
 * than `maxPages` pages is a PaginationError naming the call, never a short answer.
 */
export async function paginateMarker<P extends MarkerPage>(
  what: string,
  fetchPage: (marker: string | undefined) => Promise<P>,
  maxPages: number = DEFAULT_MAX_PAGES,
): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    if (pages.length >= maxPages) throw new PaginationError(`${what}: more than ${maxPages} pages; stopped rather than loop forever`);
    const page = await fetchPage(marker);
    pages.push(page);
    if (!page.IsTruncated) return pages;
    if (!page.Marker) throw new PaginationError(`${what}: page ${pages.length} says IsTruncated but has no Marker; the list would be incomplete`);
    if (seen.has(page.Marker)) throw new PaginationError(`${what}: page ${pages.length} repeats Marker "${page.Marker}"; the list would never end`);
    seen.add(page.Marker);
    marker = page.Marker;
  }
}

/** An AWS answer that is not a well-formed answer of its operation (an empty 200, XML with another root element). */
export class MalformedAnswerError extends RuntimeError {
  override name = 'MalformedAnswerError';
}

/**
 * The SDK parses a body that is not the operation's answer (an empty 200, a proxy's HTML page, another operation's
 * XML) into an object with no fields, which reads exactly like "no role has the policy": a PASS account turned into
 * a FAIL. Where an empty answer means something, this checks that `page` is an answer of `operation`: every list AWS always sends (empty lists included) is a list, and
 * `IsTruncated`, when asked for, is a boolean. Returns the page; throws MalformedAnswerError naming what is missing.
 */
export function requireAnswer<P extends object>(operation: string, page: P, o: { lists: readonly string[]; truncation?: boolean }): P {
  const fields = page as Record<string, unknown>;
  const missing = o.lists.filter((k) => !Array.isArray(fields[k]));
  if (o.truncation && typeof fields.IsTruncated !== 'boolean') missing.push('IsTruncated');
  if (missing.length > 0) throw new MalformedAnswerError(`${operation} answered without ${missing.join(', ')}: not an answer of this operation (an empty 200 or a proxy page?)`);
  return page;
}

/**
 * Every item of a Marker-paginated IAM list, each page required to carry its list element.
 *
 * IAM always sends the list element, empty or not (`<PolicyNames/>`), and the SDK turns it into `[]`. An empty 200,
 * an HTML page or XML with another root element gives a page without it: that is "cannot prove", never "none".
 * Read as empty, it once hid an inline policy from backout, which then stripped the role (issue 15 item 7).
 */
export async function listEveryItem<P extends MarkerPage, T>(what: string, fetchPage: (marker: string | undefined) => Promise<P>, itemsOf: (page: P) => T[] | undefined, listName: string): Promise<T[]> {
  const items: T[] = [];
  await paginateMarker(what, async (marker) => {
    const page = await fetchPage(marker);
    const list = itemsOf(page);
    if (!Array.isArray(list)) throw new MalformedAnswerError(`${what}: the answer is not a well-formed answer of the operation (no ${listName} list); cannot prove what the role holds`);
    items.push(...list);
    return page;
  });
  return items;
}
