/**
 * The Comune/workstation identity of this installation and the identifiers it hands out.
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
import type { Db } from '../store/types';
import { SportelloError } from '../errors';
import { M } from './messages';

export interface ComuneSettings {
  comuneIstat: string;
  comuneName: string;
  siglaProvincia: string;
  /** Belfiore code of the Comune (for codici fiscali of people born here). */
  belfiore: string;
  cap: string;
  workstationSlot: number;
}

export function configureComune(db: Db, s: ComuneSettings): void {
  if (!/^\d{6}$/.test(s.comuneIstat))
    throw new SportelloError('ANAGRAFE_SETTINGS_ISTAT', 'Codice ISTAT del Comune non valido: servono 6 cifre.');
  if (!Number.isInteger(s.workstationSlot) || s.workstationSlot < 0 || s.workstationSlot > 999) {
    throw new SportelloError(
      'ANAGRAFE_SETTINGS_SLOT',
      'Numero della postazione non valido: indicare un numero da 0 a 999, diverso per ogni postazione.',
    );
  }
  db.prepare(
    `INSERT INTO anagrafe_settings (id, comune_istat, comune_name, sigla_provincia, belfiore, cap, workstation_slot)
     VALUES (1, @comuneIstat, @comuneName, @siglaProvincia, @belfiore, @cap, @workstationSlot)
     ON CONFLICT (id) DO UPDATE SET comune_istat = excluded.comune_istat, comune_name = excluded.comune_name,
       sigla_provincia = excluded.sigla_provincia, belfiore = excluded.belfiore, cap = excluded.cap,
       workstation_slot = excluded.workstation_slot`,
  ).run(s);
}

interface SettingsRow {
  comune_istat: string;
  comune_name: string;
  sigla_provincia: string;
  belfiore: string;
  cap: string;
  workstation_slot: number;
  last_id_ms: number;
  next_local_id: number;
}

function settingsRow(db: Db): SettingsRow {
  const row = db.prepare('SELECT * FROM anagrafe_settings WHERE id = 1').get() as SettingsRow | undefined;
  if (!row) throw new SportelloError('ANAGRAFE_NOT_CONFIGURED', M.idAllocatorNotConfigured);
  return row;
}

export function getComuneSettings(db: Db): ComuneSettings {
  const r = settingsRow(db);
  return {
    comuneIstat: r.comune_istat,
    comuneName: r.comune_name,
    siglaProvincia: r.sigla_provincia,
    belfiore: r.belfiore,
    cap: r.cap,
    workstationSlot: r.workstation_slot,
  };
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
