/**
 * How many accounts an org scan reads at once, adapted to what AWS says: it grows while calls succeed and halves when
 * AWS answers Throttling (AIMD, as TCP does), never above the --concurrency ceiling nor below 1.
 *
 * Why: STS limits the AssumeRole rate of the one caller that enters every member account, IAM limits each account's
 * request rate, and neither publishes a figure we can rely on for every account (docs/scale.md). A fixed concurrency
 * is either too slow for 10,000 accounts or, when the quota is lower than assumed, retries the same throttled calls
 * until --max-attempts is spent and the accounts end in ERROR. The SDK's per-call retries with backoff stay; this
 * only decides when the next account starts.
 *
 * - Slow start: +1 per successful answer (the limit doubles every round trip) until the first Throttling.
 * - Then additive increase: +1/limit per successful answer (about +1 per round trip).
 * - Multiplicative decrease: ×0.5 on Throttling, at most once per round trip (the throttles of requests already in
 *   flight when it was cut say nothing new).
 */
export class AdaptiveConcurrency {
  private limit: number;
  private active = 0;
  private readonly waiting: ((run: boolean) => void)[] = [];
  private slowStart = true;
  private answers = 0;
  /** Throttles reported before this many answers belong to the round trip already cut. */
  private recoverAt = 0;
  private closed = false;
  readonly stats: ConcurrencyStats;

  constructor(
    /** The ceiling: --concurrency. */
    readonly max: number,
    initial: number = Math.min(max, 8),
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency ceiling must be a whole number ≥ 1 (got ${max})`);
    this.limit = Math.max(1, Math.min(max, initial));
    this.stats = { max, initial: this.limit, peak: Math.floor(this.limit), final: Math.floor(this.limit), throttles: 0, decreases: 0, lowest: Math.floor(this.limit) };
  }

  /** The number of tasks allowed at once right now. */
  get current(): number {
    return Math.floor(this.limit);
  }

  /** Runs `task` when a slot is free. Tasks still queued when close() is called never run: they resolve to undefined. */
  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.closed) return undefined;
    if (this.active < this.current && this.waiting.length === 0) this.active++;
    // Woken with its slot already taken for it by pump(), so a burst of wake-ups never overshoots the limit.
    else if (!(await new Promise<boolean>((resolve) => this.waiting.push(resolve)))) return undefined;
    try {
      return await task();
    } finally {
      this.active--;
      this.pump();
    }
  }

  /** An AWS call was answered (not throttled). */
  succeeded(): void {
    this.answers++;
    this.limit = Math.min(this.max, this.limit + (this.slowStart ? 1 : 1 / this.limit));
    this.stats.peak = Math.max(this.stats.peak, this.current);
    this.stats.final = this.current;
    this.pump();
  }

  /** An AWS call was answered Throttling (the SDK retries it with backoff; fewer calls start meanwhile). */
  throttled(): void {
    this.stats.throttles++;
    this.answers++;
    if (this.answers < this.recoverAt) return;
    this.slowStart = false;
    this.limit = Math.max(1, this.limit / 2);
    this.recoverAt = this.answers + this.active;
    this.stats.decreases++;
    this.stats.final = this.current;
    this.stats.lowest = Math.min(this.stats.lowest, this.current);
  }

  /** Stops starting queued tasks (the run failed as a whole); running ones finish. */
  close(): void {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake(false);
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.active < this.current) {
      this.active++;
      this.waiting.shift()!(true);
    }
  }
}

/** What the adaptive limit did during a scan (bench and progress). */
export interface ConcurrencyStats {
  /** --concurrency. */
  max: number;
  initial: number;
  /** Highest limit reached. */
  peak: number;
  /** Lowest limit after a decrease (the initial one when never throttled). */
  lowest: number;
  /** The limit at the end. */
  final: number;
  /** Throttling answers seen (each retried by the SDK). */
  throttles: number;
  /** Times the limit was halved. */
  decreases: number;
}
