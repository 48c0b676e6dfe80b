import type { Finding } from '../findings/model.js';
import type { Partition } from '../snapshot/model.js';

/**
 * Cuts text to at most `max` UTF-16 code units (the unit AWS and most schemas count),
 * ending with an ellipsis when cut, and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  // A high surrogate at the end would leave half a character (invalid UTF-8 when serialised).
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** The region to attribute account-level findings to when none is given: each partition's main region. */
export function defaultRegion(partition: Partition): string {
  switch (partition) {
    case 'aws-cn':
      return 'cn-north-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    case 'aws-iso':
      return 'us-iso-east-1';
    case 'aws-iso-b':
      return 'us-isob-east-1';
    case 'aws-iso-e':
      return 'eu-isoe-west-1';
    case 'aws-iso-f':
      return 'us-isof-south-1';
    case 'aws-eusc':
      return 'eusc-de-east-1';
    default:
      return 'us-east-1';
  }
}

/** A stable identifier of a finding: the same check, resource and message id across runs. */
export function findingKey(f: Finding): string {
  return `${f.checkId}/${f.accountId}/${f.resourceArn}/${f.messageId}`;
}

/** Removes characters no XML 1.0 document may contain (control characters other than tab, LF, CR; lone surrogates). */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Escapes text for XML/HTML text nodes and double- or single-quoted attribute values. */
export function escapeMarkup(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Groups items by account once, so large organisations render in linear time. */
export function byAccount<T extends { accountId: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(x.accountId);
    if (list) list.push(x);
    else m.set(x.accountId, [x]);
  }
  return m;
}
