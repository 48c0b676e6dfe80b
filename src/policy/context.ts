/**
 * The request context a policy's conditions are tested against. Condition key names are case-insensitive
 * in IAM (`aws:MultiFactorAuthPresent` is `aws:multifactorauthpresent`), so keys are stored lower-cased.
 */
export class RequestContext {
  private readonly values = new Map<string, string | string[]>();

  constructor(entries: Record<string, string | string[] | undefined> = {}) {
    for (const [k, v] of Object.entries(entries)) if (v !== undefined) this.values.set(k.toLowerCase(), v);
  }

  /** The value of a key, or undefined when the request does not carry it. */
  get(key: string): string | string[] | undefined {
    return this.values.get(key.toLowerCase());
  }

  /** A copy with some keys set (a value) or removed (undefined). */
  with(entries: Record<string, string | string[] | undefined>): RequestContext {
    const copy = new RequestContext();
    for (const [k, v] of this.values) copy.values.set(k, v);
    for (const [k, v] of Object.entries(entries)) {
      if (v === undefined) copy.values.delete(k.toLowerCase());
      else copy.values.set(k.toLowerCase(), v);
    }
    return copy;
  }

  /** The keys present (lower-cased). */
  keys(): string[] {
    return [...this.values.keys()];
  }
}
