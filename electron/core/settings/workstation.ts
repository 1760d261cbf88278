import { randomUUID } from 'node:crypto';
import { SportelloError } from '../errors';
import type { Actor, Db } from '../store/types';
import { getSetting, setSetting } from './settings';

/**
 * This PC's identity. `number` (1–99) partitions identifiers allocated offline (notice numbers,
 * idOperazioneComune) so two counters of the same Comune never allocate the same one; the
 * responsabile assigns it at installation (default 1).
 */
export interface Workstation {
  id: string;
  number: number;
  name: string;
}

/** The operator id Sportello records for what it does by itself; never an operator's id. */
export const SYSTEM_OPERATOR_ID = 'system';

/**
 * The one actor of what this workstation does by itself, no clerk behind it: the sync engine's
 * outcomes and the outbox handlers' follow-ups, the pollers and pulls, audit anchoring, the demo seed.
 */
export function systemActor(workstationId: string): Actor {
  return { operatorId: SYSTEM_OPERATOR_ID, workstationId };
}

/**
 * The actor of what a signed-in operator does at this workstation. The dispatcher passes a null
 * operator only to 'public' procedures; one that writes in a clerk's name is refused, not guessed.
 */
export function operatorActor(op: { id: string } | null, workstationId: string): Actor {
  if (!op) throw new SportelloError('AUTH_REQUIRED', 'Accedere con le proprie credenziali per continuare.');
  return { operatorId: op.id, workstationId };
}

export function getWorkstation(db: Db): Workstation {
  const existing = getSetting<Workstation>(db, 'workstation');
  if (existing) return existing;
  const ws: Workstation = { id: randomUUID(), number: 1, name: 'Postazione 1' };
  setSetting(db, 'workstation', ws);
  return ws;
}

/** The Comune this installation serves. */
export interface ComuneInfo {
  nome: string;
  codiceIstat: string;
  codiceCatastale: string;
  provincia: string;
  /** Codice fiscale of the Comune: the ente creditore for pagoPA. Set by the production set-up. */
  cfEnte?: string;
}

export function getComune(db: Db): ComuneInfo | undefined {
  return getSetting<ComuneInfo>(db, 'comune');
}
