/**
 * The identifiers this workstation hands out (the Comune and the workstation slot they carry are
 * set in comune/settings.ts).
 *
 * idOperazioneComune (anpr.md §1.3, §2.3): ANPR wants it "numerico e crescente" per Comune, and
 * several workstations of one Comune allocate offline, each in its own database. We therefore use
 * a time-major number that is partitioned by workstation:
 *
 *     <milliseconds since 1970, 13 digits><workstation slot, 3 digits>   e.g. 1735689600000007
 *
 * - unique across the Comune: the slot (0–999, assigned by the Comune administrator) is the suffix;
 * - increasing per workstation: the millisecond part never goes back (max(now, last + 1)), even if
 *   the clock does;
 * - increasing across workstations in creation-time order, which is the best an offline Comune can
 *   offer (16 digits, well within the 30 allowed).
 * It is allocated once, when the pratica is saved, and reused on every resend.
 */
import { comuneNotConfigured } from '../comune/settings';
import type { Db } from '../store/types';

/** This workstation's slot and the counters it advances (the Comune's own row: comune/settings.ts). */
interface CounterRow {
  workstation_slot: number;
  last_id_ms: number;
  next_local_id: number;
}

function settingsRow(db: Db): CounterRow {
  const row = db.prepare('SELECT workstation_slot, last_id_ms, next_local_id FROM anagrafe_settings WHERE id = 1').get() as
    | CounterRow
    | undefined;
  if (!row) throw comuneNotConfigured();
  return row;
}

/** Allocates the next idOperazioneComune. Call inside the transaction that saves the pratica. */
export function allocateIdOperazioneComune(db: Db, nowMs: number = Date.now()): string {
  const r = settingsRow(db);
  const ms = Math.max(Math.trunc(nowMs), r.last_id_ms + 1);
  db.prepare('UPDATE anagrafe_settings SET last_id_ms = ? WHERE id = 1').run(ms);
  return `${String(ms).padStart(13, '0')}${String(r.workstation_slot).padStart(3, '0')}`;
}

/**
 * A new local id for a person ('S…') or a family ('F…'): prefix + slot + counter, [0-9A-Z] only,
 * so it can travel as ANPR's idSchedaSoggetto / idFamigliaConvivenza and never collides between
 * workstations.
 */
export function allocateLocalId(db: Db, prefix: 'S' | 'F'): string {
  const r = settingsRow(db);
  db.prepare('UPDATE anagrafe_settings SET next_local_id = next_local_id + 1 WHERE id = 1').run();
  return `${prefix}${String(r.workstation_slot).padStart(3, '0')}${String(r.next_local_id).padStart(8, '0')}`;
}

/** `count` new local ids at once (the initial load allocates a batch's ids in one statement). */
export function allocateLocalIds(db: Db, prefix: 'S' | 'F', count: number): string[] {
  const r = settingsRow(db);
  db.prepare('UPDATE anagrafe_settings SET next_local_id = next_local_id + ? WHERE id = 1').run(count);
  const slot = String(r.workstation_slot).padStart(3, '0');
  return Array.from({ length: count }, (_, i) => `${prefix}${slot}${String(r.next_local_id + i).padStart(8, '0')}`);
}
