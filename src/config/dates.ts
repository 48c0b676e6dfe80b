/** The UTC calendar day of a moment, `YYYY-MM-DD`. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * A suppression that `expires` on a day is still active that whole day (UTC) and inactive from the next: a finding
 * accepted "until 2026-12-31" is accepted on New Year's Eve and fails again on 1 January.
 */
export function isExpired(expires: string, today: string): boolean {
  return today > expires;
}
