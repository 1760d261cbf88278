import type { IncomingMessage, ServerResponse } from 'node:http';

/** Counters every platform simulator keeps, returned by GET /_sim/stats. */
export interface SimStats {
  /** Requests that reached the platform's handler (after fault injection let them through). */
  requests: number;
  /** Operations applied for the first time. */
  applied: number;
  /** Repeats recognised (same idempotency key) and answered from memory, not applied again. */
  repeats: number;
  /** Requests refused with a business or validation error. */
  rejections: number;
  /** Operations applied more than once: must stay 0. */
  appliedTwice: number;
}

/** One platform behind the simulator server, mounted under `prefix` (e.g. '/anpr'). */
export interface PlatformSimulator {
  name: 'anpr' | 'gpd' | 'agenda' | 'io';
  prefix: string;
  /** Handles one request; `path` is the URL path with the prefix removed; `body` is fully read. */
  handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse): Promise<void> | void;
  stats(): SimStats;
  /**
   * Told by server.ts which fault it injects into a request (drop, error, tooMany, reset, timeout,
   * duplicate, outage, credentials401/403) before it hands the request on, if it does: a platform
   * without idempotency (IO) counts which faults struck before and which after it stored.
   */
  faultInjected?(req: IncomingMessage, path: string, fault: string): void;
  /** Forget all state (between tests). */
  reset(): void;
}
