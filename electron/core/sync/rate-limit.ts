/** Sliding-window limiter: at most `calls` in any `perMs` window. */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  constructor(
    private readonly calls: number,
    private readonly perMs: number,
  ) {}

  /** Milliseconds to wait before the next call may go (0 = now). */
  waitMs(now: number): number {
    while (this.stamps.length && this.stamps[0] <= now - this.perMs) this.stamps.shift();
    if (this.stamps.length < this.calls) return 0;
    return this.stamps[0] + this.perMs - now;
  }

  record(now: number): void {
    this.stamps.push(now);
  }
}
