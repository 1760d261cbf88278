import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../electron/core/sync/backoff';
import { CircuitBreaker } from '../../../electron/core/sync/breaker';
import { SlidingWindowLimiter } from '../../../electron/core/sync/rate-limit';

describe('backoff with equal jitter', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };
  it('doubles per attempt, stays between half and all of the step, and is capped', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const step = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, policy, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeLessThanOrEqual(step);
    }
    expect(backoffDelay(30, policy, () => 1)).toBe(60_000);
  });
  it('spreads retries of many items', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe('sliding-window rate limit (GPD: 100 calls per 10 s)', () => {
  it('lets `calls` through per window, then says how long to wait', () => {
    const l = new SlidingWindowLimiter(3, 10_000);
    for (let t = 0; t < 3; t++) {
      expect(l.waitMs(t)).toBe(0);
      l.record(t);
    }
    expect(l.waitMs(5)).toBe(10_000 - 5);
    expect(l.waitMs(10_000)).toBe(0);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, blocks for its wait, closes on success', () => {
    const b = new CircuitBreaker(3, 1_000);
    b.failure(0);
    b.failure(1);
    expect(b.isOpen).toBe(false);
    b.failure(2);
    expect(b.blocks(500)).toBe(true);
    expect(b.blocks(1_002)).toBe(false);
    b.success();
    expect(b.isOpen).toBe(false);
  });
});
