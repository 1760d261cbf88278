/**
 * The day's report: what the clerk did, what reached each platform and how many times, what was
 * lost, what needed a person and why, and how long every save took on screen. Built from the
 * app's queue counts, the simulators' own statistics and the timings measured in the page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile, type SaveTiming } from './latency';
import type { DaySize, Planted } from './script';

export const PLATFORMS = ['anpr', 'gpd', 'agenda'] as const;
/** The issue's bar for the clerk-visible save latency. */
export const SAVE_P99_TARGET_MS = 30;
export type PlatformName = (typeof PLATFORMS)[number];

/** One platform's queue as `sync.status` shows it (in flight: from the engine's memory). */
export interface PlatformCounts {
  pending: number;
  inFlight: number;
  waiting: number;
  attention: number;
  done: number;
  discarded: number;
}
export interface SimCounts {
  requests: number;
  applied: number;
  repeats: number;
  rejections: number;
  appliedTwice: number;
  injected: Record<string, number>;
}

export interface AttentionEntry {
  platform: string;
  kind: string;
  code: string | null;
  text: string | null;
  planted: boolean;
}

export interface PlatformFigures {
  /** Outbox items the day created (every state). */
  created: number;
  /** Operations the platform applied (its own count). */
  applied: number;
  appliedTwice: number;
  /** Resends the platform recognised by their idempotency key and did not apply again. */
  repeats: number;
  /** Items a person had to handle (before resolving). */
  attention: number;
  /** Booking pushes the booking system refused because a citizen took the slot online (shown as conflicts). */
  refusedAsConflict: number;
  discarded: number;
  /** Created but neither applied, nor waiting for a person, nor refused by design, nor discarded. */
  lost: number;
  /** Faults the simulated line injected (drops, resets, 5xx, timeouts, outage refusals). */
  injected: Record<string, number>;
}

export interface DayReport {
  size: DaySize;
  date: string;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  /** Whether the host ran its start-up rehearsal (false: the --skip-rehearsal baseline). */
  rehearsed: boolean;
  /** Whether the page ran in Chromium as it comes, without the shell's feature switches (a baseline). */
  chromiumDefaults: boolean;
  citizens: number;
  mix: Record<string, number>;
  pratiche: number;
  cieAppointments: number;
  pagopaNotices: number;
  noticesFromAppointments: number;
  identifiedByCard: number;
  cardReading: string;
  planted: Planted[];
  appliedWhileDown: number;
  reconnection: { faultProfile: string; settledSeconds: number };
  platforms: Record<PlatformName, PlatformFigures>;
  needsAttention: AttentionEntry[];
  onlyPlantedNeededAttention: boolean;
  resolution: { resolvedInUi: number; queueEmpty: boolean; settledSeconds: number; openItems: number; openConflicts: number };
  totals: { created: number; applied: number; appliedTwice: number; lost: number };
  saves: {
    count: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** Press to the confirmation's first paint, over the saves whose confirmation is marked for it. */
    painted: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
    /** The phases of a save, each as p50 and p99 over the day. */
    phases: Record<'before' | 'api' | 'server' | 'after', { p50Ms: number; p99Ms: number }>;
    byKind: Record<string, { count: number; p50Ms: number; maxMs: number }>;
    all: SaveTiming[];
  };
  pageProblems: string[];
}

export function platformFigures(
  counts: PlatformCounts,
  sim: SimCounts,
  attentionBefore: number,
  refusedAsConflict: number,
): PlatformFigures {
  const created = counts.pending + counts.inFlight + counts.waiting + counts.attention + counts.done + counts.discarded;
  const lost = Math.max(0, created - sim.applied - counts.attention - counts.discarded - refusedAsConflict);
  return {
    created,
    applied: sim.applied,
    appliedTwice: sim.appliedTwice,
    repeats: sim.repeats,
    attention: attentionBefore,
    refusedAsConflict,
    discarded: counts.discarded,
    lost,
    injected: sim.injected,
  };
}

export function saveFigures(all: SaveTiming[]): DayReport['saves'] {
  const byKind: DayReport['saves']['byKind'] = {};
  const groups = new Map<string, number[]>();
  for (const s of all) groups.set(s.what, [...(groups.get(s.what) ?? []), s.ms]);
  for (const [what, ms] of groups) byKind[what] = { count: ms.length, p50Ms: percentile(ms, 50), maxMs: Math.max(...ms) };
  const ms = all.map((s) => s.ms);
  const painted = all.map((s) => s.paintedMs).filter((x): x is number => x !== null);
  const phase = (pick: (s: SaveTiming) => number) => {
    const v = all.map(pick);
    return { p50Ms: percentile(v, 50), p99Ms: percentile(v, 99) };
  };
  return {
    count: all.length,
    p50Ms: percentile(ms, 50),
    p99Ms: percentile(ms, 99),
    maxMs: ms.length ? Math.max(...ms) : 0,
    painted: {
      count: painted.length,
      p50Ms: percentile(painted, 50),
      p99Ms: percentile(painted, 99),
      maxMs: painted.length ? Math.max(...painted) : 0,
    },
    phases: {
      before: phase((s) => s.beforeMs),
      api: phase((s) => s.apiMs),
      server: phase((s) => s.serverMs),
      after: phase((s) => s.afterMs),
    },
    byKind,
    all,
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const phaseText = (p: { p50Ms: number; p99Ms: number }) => `${p.p50Ms} / ${p.p99Ms} ms`;

/** The short text summary (the closing note quotes it). */
export function textSummary(r: DayReport): string {
  const planted = r.needsAttention.filter((a) => a.planted).length;
  const lines = [
    `Sportello — a day at the counter with the network down (${r.size} day, ${r.date})${r.rehearsed ? '' : ' — baseline: host without its start-up rehearsal'}${r.chromiumDefaults ? " — baseline: Chromium without the shell's feature switches" : ''}`,
    `Citizens served: ${r.citizens} — ${r.pratiche} pratiche anagrafe, ${r.cieAppointments} CIE appointments, ${r.pagopaNotices} pagoPA notices (${r.noticesFromAppointments} of them for CIE appointments)`,
    `Identified by reading their CIE: ${r.identifiedByCard} of ${r.citizens} (${r.cardReading})`,
    `Planted errors: ${r.planted.map((p) => (p.kind === 'anpr-last-operation' ? 'ANPR holds a later last operation (EN240 expected)' : `slot ${p.time} taken online (${p.daysAhead} day ahead)`)).join('; ')}`,
    `All platforms (simulators in their own process) down from opening to closing; operations applied while down: ${r.appliedWhileDown}`,
    `Closing: platforms back with the '${r.reconnection.faultProfile}' fault profile; queue settled ${r.reconnection.settledSeconds.toFixed(1)} s after reconnection`,
    '',
    `platform  created  applied  twice  repeats  attention  conflict  discarded  lost  faults injected after reconnection`,
    ...PLATFORMS.map((p) => {
      const f = r.platforms[p];
      const faults =
        Object.entries(f.injected)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none';
      return `${p.padEnd(8)}  ${pad(f.created, 7)}  ${pad(f.applied, 7)}  ${pad(f.appliedTwice, 5)}  ${pad(f.repeats, 7)}  ${pad(f.attention, 9)}  ${pad(f.refusedAsConflict, 8)}  ${pad(f.discarded, 9)}  ${pad(f.lost, 4)}  ${faults}`;
    }),
    `total     ${pad(r.totals.created, 7)}  ${pad(r.totals.applied, 7)}  ${pad(r.totals.appliedTwice, 5)}`,
    '',
    `Needed attention: ${r.needsAttention.length} (planted ${planted}, unexpected ${r.needsAttention.length - planted})${r.onlyPlantedNeededAttention ? ' — only the planted errors' : ' — NOT only the planted errors'}`,
    ...r.needsAttention.map(
      (a) => `  ${a.planted ? '[planted]   ' : '[UNEXPECTED]'} ${a.platform} ${a.kind} ${a.code ?? ''}: ${a.text ?? ''}`,
    ),
    `Resolved in the UI: ${r.resolution.resolvedInUi}; queue ${r.resolution.queueEmpty ? 'empty' : `NOT empty (${r.resolution.openItems} open items, ${r.resolution.openConflicts} open conflicts)`} ${r.resolution.settledSeconds.toFixed(1)} s after resolving`,
    `Lost: ${r.totals.lost}   Applied twice: ${r.totals.appliedTwice}`,
    `Save latency on screen (key press or click → confirmation in the page), ${r.saves.count} saves: p50 ${r.saves.p50Ms} ms, p99 ${r.saves.p99Ms} ms, max ${r.saves.maxMs} ms`,
    `  phases (p50 / p99): press to first call ${phaseText(r.saves.phases.before)}; back-end calls (the page's socket on loopback, summed) ${phaseText(r.saves.phases.api)}, of which the back end's own work ${phaseText(r.saves.phases.server)}; last answer to confirmation ${phaseText(r.saves.phases.after)}`,
    `  to the confirmation's first paint (Element Timing, ${r.saves.painted.count} saves): p50 ${r.saves.painted.p50Ms} ms, p99 ${r.saves.painted.p99Ms} ms, max ${r.saves.painted.maxMs} ms`,
    `  target p99 under ${SAVE_P99_TARGET_MS} ms: ${r.saves.p99Ms < SAVE_P99_TARGET_MS ? 'met' : 'NOT met'} in the document, ${r.saves.painted.p99Ms < SAVE_P99_TARGET_MS ? 'met' : 'NOT met'} painted`,
    ...Object.entries(r.saves.byKind).map(
      ([k, v]) => `  ${k.padEnd(36)} ${pad(v.count, 3)} saves  p50 ${pad(v.p50Ms, 6)} ms  max ${pad(v.maxMs, 6)} ms`,
    ),
    `Page problems (CSP violations, page errors): ${r.pageProblems.length}`,
    `Wall time: ${Math.round(r.wallSeconds)} s`,
  ];
  return lines.join('\n') + '\n';
}

export function writeReport(r: DayReport, outDir: string): { json: string; text: string } {
  mkdirSync(outDir, { recursive: true });
  const base = `day-${r.size}-${r.startedAt.replace(/[:.]/g, '-')}`;
  const json = join(outDir, `${base}.json`);
  const text = join(outDir, `${base}.txt`);
  writeFileSync(json, JSON.stringify(r, null, 2));
  writeFileSync(text, textSummary(r));
  return { json, text };
}
