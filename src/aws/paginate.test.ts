import { describe, expect, it } from 'vitest';
import { PaginationError, paginateMarker } from './paginate.js';

type Page = { IsTruncated?: boolean; Marker?: string; items: string[] };

/** A fake list call serving the given pages; records the Marker it was called with. */
function server(pages: Page[]) {
  const markers: (string | undefined)[] = [];
  let i = 0;
  return {
    markers,
    fetch: async (marker: string | undefined) => {
      markers.push(marker);
      return pages[i++]!;
    },
  };
}

describe('paginateMarker', () => {
  it('follows every Marker until a page is not truncated', async () => {
    // Given three pages linked by Markers
    const s = server([
      { IsTruncated: true, Marker: 'm1', items: ['a'] },
      { IsTruncated: true, Marker: 'm2', items: ['b'] },
      { IsTruncated: false, items: ['c'] },
    ]);
    // When paginated, Then every page comes back in order and each call passed the previous Marker
    const pages = await paginateMarker('iam:ListRoles', s.fetch);
    expect(pages.flatMap((p) => p.items)).toEqual(['a', 'b', 'c']);
    expect(s.markers).toEqual([undefined, 'm1', 'm2']);
  });

  it('refuses a truncated page without a Marker instead of returning a partial list', async () => {
    const s = server([
      { IsTruncated: true, Marker: 'm1', items: ['a'] },
      { IsTruncated: true, items: ['b'] },
    ]);
    const err = await paginateMarker('iam:ListAttachedRolePolicies', s.fetch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toBe('iam:ListAttachedRolePolicies: page 2 says IsTruncated but has no Marker; the list would be incomplete');
  });

  it('refuses a Marker it has already followed (a server looping)', async () => {
    const s = server([
      { IsTruncated: true, Marker: 'm1', items: ['a'] },
      { IsTruncated: true, Marker: 'm1', items: ['a'] },
    ]);
    await expect(paginateMarker('iam:ListRolePolicies', s.fetch)).rejects.toThrow('iam:ListRolePolicies: page 2 repeats Marker "m1"; the list would never end');
  });

  it('stops after maxPages', async () => {
    let n = 0;
    const endless = async () => ({ IsTruncated: true, Marker: `m${n++}` });
    await expect(paginateMarker('iam:ListRoles', endless, 3)).rejects.toThrow('iam:ListRoles: more than 3 pages; stopped rather than loop forever');
    expect(n).toBe(3);
  });
});
