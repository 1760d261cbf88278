/**
 * A refused pratica in the clerk's words (OutboxHandler.describe for the anpr.<code> kinds): the
 * person, the pratica and its decorrenza, and ANPR's answer explained with what to do.
 */
import type { Db } from '../store/types';
import type { ItemSubject, OutboxItem } from '../sync/types';
import { formatDate } from './messages';
import { PRATICA_TITLES, type PraticaCode } from './pratica-model';
import { getPratica } from './pratiche';
import { getPersonRow } from './registry';

const DATE_ANSWER =
  'ANPR ha già registrato per questa persona un’operazione con una data di decorrenza successiva a quella indicata, o le date della pratica non sono coerenti. Correggere la data di decorrenza e reinviare.';

/** ANPR's error codes (anpr.md §1.6) explained to the clerk, with what to do. */
const ANSWERS: Record<string, string> = {
  EN240: DATE_ANSWER,
  EN389: DATE_ANSWER,
  EN237: DATE_ANSWER,
  EN206: DATE_ANSWER,
  EN207: DATE_ANSWER,
  EN239: DATE_ANSWER,
  EN245: DATE_ANSWER,
  EN151: 'Il numero di pratica del Comune è già stato usato per un’altra pratica. Indicare un numero di pratica diverso e reinviare.',
  EN339:
    'Il luogo di nascita non corrisponde al codice del comune contenuto nel codice fiscale. Controllare il luogo di nascita e il codice fiscale sul tesserino, correggere il dato sbagliato e reinviare.',
  EN340:
    'Il luogo di nascita non corrisponde al codice del comune contenuto nel codice fiscale. Controllare il luogo di nascita e il codice fiscale sul tesserino, correggere il dato sbagliato e reinviare.',
  EN122:
    'ANPR non trova la persona indicata. Verificare i dati della persona nella scheda; se la pratica riguarda una persona sbagliata, annullarla indicando il motivo e registrarne una nuova.',
  EN184: 'Per ANPR la persona risulta già cancellata: la pratica non si può applicare. Annullarla indicando il motivo.',
  EN188:
    'La persona è già presente in ANPR: non si può iscriverla di nuovo. Annullare la pratica indicando il motivo e cercare la persona in anagrafe.',
  EN081:
    'Nella pratica manca un dato che ANPR richiede (indicato nella risposta). Annullare la pratica indicando il motivo e registrarne una nuova con il dato mancante.',
};

type Generalita = { cognome?: string; nome?: string; codiceFiscale?: { codFiscale?: string } };

/** The person a pratica's payload names first, when the local record is gone or not yet made. */
function personInPayload(payload: unknown): Generalita | undefined {
  const r = (payload as { richiesta?: Record<string, unknown> } | undefined)?.richiesta ?? {};
  const g =
    (r.generalita1001 as { generalita?: Generalita } | undefined)?.generalita ??
    (r.generalita1002 as { generalita?: Generalita } | undefined)?.generalita ??
    (r.generalitaPerRicerca as Generalita | undefined) ??
    (r.elencoSoggettiFamiglia as { generalita?: Generalita }[] | undefined)?.[0]?.generalita;
  return g && (g.cognome || g.nome || g.codiceFiscale?.codFiscale) ? g : undefined;
}

function nameOf(cognome: string | null | undefined, nome: string | null | undefined): string {
  return [cognome, nome].filter(Boolean).join(' ') || 'Persona senza nome';
}

export function describePratica(db: Db, item: OutboxItem): ItemSubject {
  const pratica = item.businessType === 'pratica' && item.businessId ? getPratica(db, item.businessId) : undefined;
  const code = (pratica?.code ?? item.kind.replace(/^anpr\./, '')) as PraticaCode;
  const title = PRATICA_TITLES[code] ?? 'Pratica anagrafica';
  const decorrenza = (item.payload as { testata?: { dataDecorrenza?: string } } | undefined)?.testata?.dataDecorrenza;
  const row = pratica?.person_id ? getPersonRow(db, pratica.person_id) : undefined;
  const g = row ? undefined : personInPayload(item.payload);
  const person = row
    ? { name: nameOf(row.cognome, row.nome), codiceFiscale: row.codice_fiscale }
    : g
      ? { name: nameOf(g.cognome, g.nome), codiceFiscale: g.codiceFiscale?.codFiscale ?? null }
      : null;
  return {
    what: decorrenza && /^\d{4}-\d{2}-\d{2}$/.test(decorrenza) ? `${title}, con decorrenza dal ${formatDate(decorrenza)}` : title,
    person,
    explanation: ANSWERS[item.lastErrorCode ?? ''] ?? null,
  };
}
