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
