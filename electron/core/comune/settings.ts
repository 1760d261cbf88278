/**
 * The Comune this installation serves and this workstation's slot in it: set once by the
 * responsabile (Impostazioni) or by the demo, read by every room that names the Comune (ANPR's
 * generalità, certificates, self-declarations, the pagoPA and ANPR wiring).
 *
 * The row lives in the `anagrafe_settings` table, created by anagrafe's migrations beside the
 * counters anagrafe/id-operazione.ts advances (moving it would take a migration and change nothing
 * a clerk sees).
 */
import { SportelloError } from '../errors';
import type { Db } from '../store/types';

export interface ComuneSettings {
  comuneIstat: string;
  comuneName: string;
  siglaProvincia: string;
  /** Belfiore code of the Comune (for codici fiscali of people born here). */
  belfiore: string;
  cap: string;
  workstationSlot: number;
}

/** The error for a room that needs the Comune before the set-up named it. */
export function comuneNotConfigured(): SportelloError {
  return new SportelloError(
    'ANAGRAFE_NOT_CONFIGURED',
    'Il Comune e la postazione non sono ancora configurati per ANPR. Chiedere all’amministratore di completare le Impostazioni.',
  );
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

interface ComuneRow {
  comune_istat: string;
  comune_name: string;
  sigla_provincia: string;
  belfiore: string;
  cap: string;
  workstation_slot: number;
}

export function getComuneSettings(db: Db): ComuneSettings {
  const r = db
    .prepare('SELECT comune_istat, comune_name, sigla_provincia, belfiore, cap, workstation_slot FROM anagrafe_settings WHERE id = 1')
    .get() as ComuneRow | undefined;
  if (!r) throw comuneNotConfigured();
  return {
    comuneIstat: r.comune_istat,
    comuneName: r.comune_name,
    siglaProvincia: r.sigla_provincia,
    belfiore: r.belfiore,
    cap: r.cap,
    workstationSlot: r.workstation_slot,
  };
}
