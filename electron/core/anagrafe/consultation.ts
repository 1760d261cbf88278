/**
 * "Cerca in ANPR": a 3002 consultation made while the clerk waits, for a person the local registry
 * does not have. The request is built and its idOperazioneComune allocated here (the Comune's
 * sequence, as for every ANPR operation); the call itself is the platform's, handed in as `lookup`.
 * Every consultation is audited — who (the actor), whom (the codice fiscale or ID ANPR as the entity
 * id, one entry per person ANPR shows), why (the purpose the clerk chose) — also when ANPR found no one
 * or could not be reached. Nothing personal goes to the logs or into an error's details.
 */
import { appendAudit } from '../audit/log';
import { SportelloError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { allocateIdOperazioneComune } from './id-operazione';
import type { Pratica3002 } from './pratica-model';

export type ConsultCriteria =
  | { by: 'codiceFiscale'; codiceFiscale: string }
  | { by: 'idANPR'; idANPR: string }
  | { by: 'nomi'; cognome: string; nome: string; dataNascita: string };

/** A person as ANPR's 3002 answer shows them (read-only at the counter). */
export interface AnprPerson {
  idANPR?: string;
  idSchedaSoggettoANPR?: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
}

export type Lookup3002 = (request: Pratica3002, idOperazioneComune: string) => Promise<AnprPerson[]>;

export interface Consultation {
  idOperazioneComune: string;
  /** Each person with the id of the local record that has the same codice fiscale, if any. */
  persons: (AnprPerson & { localId: string | null })[];
}

/** Errors that mean "ANPR did not answer": the clerk can only try again later. */
const NOT_ANSWERED = new Set(['ANPR_UNREACHABLE', 'ANPR_TIMEOUT', 'ANPR_LOOKUP_UNAVAILABLE', 'SYNC_TRANSPORT']);

export const ANPR_CONSULT_UNREACHABLE =
  'ANPR non risponde: la consultazione non è stata fatta. Riprovare quando il collegamento con ANPR torna attivo; intanto si può cercare solo nell’anagrafe locale.';

export function request3002(criteria: ConsultCriteria, today: string): Pratica3002 {
  const criteriRicerca =
    criteria.by === 'codiceFiscale'
      ? { codiceFiscale: criteria.codiceFiscale.trim().toUpperCase() }
      : criteria.by === 'idANPR'
        ? { idANPR: criteria.idANPR.trim().toUpperCase() }
        : { cognome: criteria.cognome.trim().toUpperCase(), nome: criteria.nome.trim().toUpperCase() };
  return {
    code: '3002',
    testata: { tipoOperazione: 'C' },
    richiesta: {
      criteriRicerca,
      ...(criteria.by === 'nomi' ? { datiNascita: { dataEvento: criteria.dataNascita } } : {}),
      // ricercaNazionale 1: the person lives, or last lived, in another Comune.
      datiRichiesta: { schedaAnagraficaRichiesta: '1', dataRiferimentoRichiesta: today, ricercaNazionale: '1' },
    },
  };
}

/** Whom the consultation asked about, as the audit's entity id when no one is found. */
function asked(criteria: ConsultCriteria): { entityId: string; detail: Record<string, unknown> } {
  if (criteria.by === 'codiceFiscale') return { entityId: criteria.codiceFiscale.trim().toUpperCase(), detail: {} };
  if (criteria.by === 'idANPR') return { entityId: criteria.idANPR.trim().toUpperCase(), detail: {} };
  return {
    entityId: '*',
    detail: { cognome: criteria.cognome.trim().toUpperCase(), nome: criteria.nome.trim().toUpperCase(), dataNascita: criteria.dataNascita },
  };
}

export async function consultAnpr(
  db: Db,
  actor: Actor,
  input: { criteria: ConsultCriteria; purpose: string; today: string },
  lookup: Lookup3002,
): Promise<Consultation> {
  const request = request3002(input.criteria, input.today);
  const idOperazioneComune = withTx(db, (tx) => allocateIdOperazioneComune(tx));
  const base = { purpose: input.purpose, by: input.criteria.by, idOperazioneComune };
  const whom = asked(input.criteria);
  let persons: AnprPerson[];
  try {
    persons = await lookup(request, idOperazioneComune);
  } catch (e) {
    const code = e instanceof SportelloError ? e.code : 'ANPR_UNREACHABLE';
    withTx(db, (tx) =>
      appendAudit(tx, actor, {
        action: 'anpr.consult',
        entityType: 'anpr_person',
        entityId: whom.entityId,
        detail: { ...base, ...whom.detail, outcome: code },
      }),
    );
    if (!(e instanceof SportelloError) || NOT_ANSWERED.has(e.code))
      throw new SportelloError('ANPR_UNREACHABLE', ANPR_CONSULT_UNREACHABLE, { service: '3002' }, { cause: e });
    throw e;
  }
  const localOf = db.prepare('SELECT id FROM anagrafe_person WHERE codice_fiscale = ? ORDER BY id LIMIT 1');
  const shown = persons.map((p) => ({
    ...p,
    localId: p.codiceFiscale ? ((localOf.get(p.codiceFiscale) as { id: string } | undefined)?.id ?? null) : null,
  }));
  withTx(db, (tx) => {
    if (shown.length === 0) {
      appendAudit(tx, actor, {
        action: 'anpr.consult',
        entityType: 'anpr_person',
        entityId: whom.entityId,
        detail: { ...base, ...whom.detail, outcome: 'none' },
      });
    }
    for (const p of shown) {
      appendAudit(tx, actor, {
        action: 'anpr.consult',
        entityType: 'anpr_person',
        entityId: p.codiceFiscale ?? p.idANPR ?? p.idSchedaSoggettoANPR ?? '*',
        detail: { ...base, outcome: 'shown', found: shown.length, idANPR: p.idANPR ?? null },
      });
    }
  });
  return { idOperazioneComune, persons: shown };
}
