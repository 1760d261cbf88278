/**
 * Joining the Comune hub from «Impostazioni» (the responsabile): joinHubAndStore with this PC's
 * name, and every refusal said for the set-up — in plain Italian, on the field at fault (the
 * address, the code, the CA certificate), saying what to do. The operations of a running hub lane
 * have their own words (connect.ts); here nothing is queued yet.
 */
import { SportelloError, ValidationError } from '../../core/errors';
import { hubAddress, hubConnectionOf } from '../../core/settings/hub';
import type { Actor, Db } from '../../core/store/types';
import { getWorkstation, type Workstation } from '../../core/settings/workstation';
import { HUB_REFUSALS } from './connect';
import { joinHubAndStore } from './join';

export interface HubJoinRequest {
  url: string;
  code: string;
  /** PEM of the Comune's CA (the file the IT person hands out); none on the hub's own machine (Unix socket). */
  caPem?: string | null;
  /** When another workstation already has this PC's number: a new number from 900 up instead of a refusal. */
  acceptNewNumber?: boolean;
}

const CODE_ADVICE = 'Chiedere al referente informatico un codice nuovo (sul server del Comune: sportello-admin hub code).';

/** What the responsabile reads for each refusal, and the field it belongs to. */
const SETUP_WORDS: Record<string, [field: 'url' | 'code' | 'ca', message: string]> = {
  HUB_URL: [
    'url',
    'Indirizzo del server del Comune non valido: scriverlo come postgresql://server/database (per esempio postgresql://server-comune/sportello).',
  ],
  HUB_UNREACHABLE: [
    'url',
    'Il server del Comune non risponde a questo indirizzo. Controllare l’indirizzo e che il PC sia collegato alla rete del Comune, poi premere di nuovo «Collega». Intanto Sportello lavora da solo su questo PC.',
  ],
  HUB_JOIN_CODE_REFUSED: ['code', `Il server del Comune non accetta questo codice: è sbagliato, già usato o scaduto. ${CODE_ADVICE}`],
  HUB_JOIN_CODE_UNKNOWN: ['code', `Codice di adesione non riconosciuto dal server del Comune. ${CODE_ADVICE}`],
  HUB_JOIN_CODE_USED: ['code', `Questo codice di adesione è già stato usato. ${CODE_ADVICE}`],
  HUB_JOIN_CODE_EXPIRED: ['code', `Il codice di adesione è scaduto. ${CODE_ADVICE}`],
  HUB_NUMBER_TAKEN: ['code', HUB_REFUSALS.HUB_NUMBER_TAKEN],
  HUB_JOIN_CODE_MALFORMED: ['code', 'Il codice non è scritto correttamente: sono 12 caratteri (lettere e cifre), come XXXX-XXXX-XXXX.'],
  HUB_TLS_REFUSED: [
    'ca',
    'Il certificato del server del Comune non è riconosciuto con il certificato della CA scelto. Scegliere il file della CA del Comune dato dal referente informatico e controllare che l’indirizzo sia il nome del server indicato nel suo certificato.',
  ],
  HUB_TLS_REQUIRED: [
    'url',
    'Il server del Comune non accetta connessioni cifrate (TLS): il referente informatico deve attivare TLS sul server (ssl = on e la riga hostssl in pg_hba.conf).',
  ],
  HUB_CA_NOT_PEM: [
    'ca',
    'Il file scelto non è un certificato in formato PEM (testo che inizia con «-----BEGIN CERTIFICATE-----»): scegliere il certificato della CA del Comune (.crt o .pem).',
  ],
};

function forSetup(e: unknown): unknown {
  if (!(e instanceof SportelloError)) return e;
  const words = SETUP_WORDS[e.code];
  return words ? new ValidationError(e.code, words[1], words[0]) : e;
}

/** Joins with a one-time code, keeps the connection in the encrypted settings, and returns the workstation with the hub's number. */
export async function joinHubForSetup(db: Db, actor: Actor, req: HubJoinRequest, nowIso: string): Promise<Workstation> {
  try {
    const chosen = req.caPem?.trim() || undefined;
    if (chosen && !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/m.test(chosen)) {
      throw new SportelloError('HUB_CA_NOT_PEM', 'not a PEM certificate');
    }
    // A re-join (a new code, the same hub) keeps the CA imported before unless another file is chosen.
    const ca = chosen ?? hubConnectionOf(db)?.ca;
    hubAddress(req.url);
    const { workstation } = await joinHubAndStore(
      db,
      actor,
      { url: req.url.trim(), code: req.code, name: getWorkstation(db).name, ca, acceptNewNumber: req.acceptNewNumber },
      nowIso,
    );
    return workstation;
  } catch (e) {
    throw forSetup(e);
  }
}
