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
  name: 'anpr' | 'gpd' | 'agenda';
  prefix: string;
  /** Handles one request; `path` is the URL path with the prefix removed; `body` is fully read. */
  handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse): Promise<void> | void;
  stats(): SimStats;
  /** Forget all state (between tests). */
  reset(): void;
}
