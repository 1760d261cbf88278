/**
 * Fault injection in front of every simulated platform. Probabilities are per request and drawn
 * from a seeded generator, so a run can be repeated exactly.
 */
export interface FaultProfile {
  /** Added to every answer, in ms (plus up to `jitterMs`). */
  latencyMs: number;
  jitterMs: number;
  /** The connection is destroyed before the request reaches the platform (nothing applied). */
  dropRate: number;
  /** The platform applies the request, then the connection is reset mid-answer (applied, answer lost). */
  resetRate: number;
  /** 503 without applying. */
  errorRate: number;
  /** 429 with Retry-After, without applying. */
  tooManyRate: number;
  /** The request is applied, and the answer never comes (the client must time out). */
  timeoutRate: number;
  /** The request is delivered twice to the platform (a duplicated packet); the second answer is sent. */
  duplicateRate: number;
  /** Scheduled outage: down for the first `forMs` of every `everyMs` since the profile was applied (0 = none). */
  outage: { everyMs: number; forMs: number };
}

export const NO_FAULTS: FaultProfile = {
  latencyMs: 0,
  jitterMs: 0,
  dropRate: 0,
  resetRate: 0,
  errorRate: 0,
  tooManyRate: 0,
  timeoutRate: 0,
  duplicateRate: 0,
  outage: { everyMs: 0, forMs: 0 },
};

export const FAULT_PROFILES: Record<string, Partial<FaultProfile>> = {
  none: {},
  latency: { latencyMs: 100 },
  drops: { dropRate: 0.2 },
  resets: { resetRate: 0.2 },
  '5xx': { errorRate: 0.2 },
  '429': { tooManyRate: 0.2 },
  timeouts: { timeoutRate: 0.1 },
  outages: { outage: { everyMs: 3_000, forMs: 1_000 } },
  duplicates: { duplicateRate: 0.3 },
  /** A bad rural line: slow, lossy, with a short outage now and then. */
  rural: {
    latencyMs: 80,
    jitterMs: 120,
    dropRate: 0.05,
    resetRate: 0.05,
    errorRate: 0.03,
    timeoutRate: 0.02,
    outage: { everyMs: 20_000, forMs: 3_000 },
  },
  chaos: {
    latencyMs: 20,
    jitterMs: 50,
    dropRate: 0.08,
    resetRate: 0.08,
    errorRate: 0.08,
    tooManyRate: 0.05,
    timeoutRate: 0.03,
    duplicateRate: 0.1,
  },
};

export function resolveProfile(spec: string | Partial<FaultProfile> | undefined): FaultProfile {
  if (spec === undefined) return { ...NO_FAULTS };
  if (typeof spec === 'string') {
    const named = FAULT_PROFILES[spec];
    if (!named) throw new Error(`unknown fault profile "${spec}" (known: ${Object.keys(FAULT_PROFILES).join(', ')})`);
    return { ...NO_FAULTS, ...named };
  }
  return { ...NO_FAULTS, ...spec };
}

/** Mulberry32: small, fast, seedable. */
// jscpd:ignore-start -- the PRNG of electron/core/anagrafe/demo.ts, kept apart: a simulator never imports the client (simulators/README.md)
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// jscpd:ignore-end

export type FaultDecision = 'pass' | 'drop' | 'reset' | 'error' | 'tooMany' | 'timeout' | 'duplicate';

export function decide(p: FaultProfile, random: () => number): FaultDecision {
  const r = random();
  let acc = 0;
  for (const [decision, rate] of [
    ['drop', p.dropRate],
    ['error', p.errorRate],
    ['tooMany', p.tooManyRate],
    ['reset', p.resetRate],
    ['timeout', p.timeoutRate],
    ['duplicate', p.duplicateRate],
  ] as const) {
    acc += rate;
    if (r < acc) return decision;
  }
  return 'pass';
}

export function inOutage(p: FaultProfile, sinceStartMs: number): boolean {
  if (!p.outage.everyMs || !p.outage.forMs) return false;
  return sinceStartMs % p.outage.everyMs < p.outage.forMs;
}
