/**
 * Per-platform circuit breaker: after `threshold` consecutive transport failures the circuit
 * opens and nothing is sent until a probe (or `openMs` passing) lets one trial through.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
  ) {}

  get isOpen(): boolean {
    return this.openedAt !== null;
  }

  /** True when the circuit is open and its wait has not yet elapsed. */
  blocks(now: number): boolean {
    return this.openedAt !== null && now - this.openedAt < this.openMs;
  }

  /** When a blocked circuit will allow a trial again. */
  reopensAt(): number {
    return (this.openedAt ?? 0) + this.openMs;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
  }

  failure(now: number): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = now;
  }
}
