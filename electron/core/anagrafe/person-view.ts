/**
 * A person's record as the counter shows it: generalità, family, address, the pratiche and their
 * ANPR answers. Reading it is audited (person.read, and family.read when the family is shown), in
 * the same transaction as the read.
 */
import { appendAudit } from '../audit/log';
import { getComuneSettings } from '../comune/settings';
import { type TxDb, withTx } from '../store/tx';
import { itemResult } from '../sync/outbox';
import type { Actor, Db } from '../store/types';
import { PRATICA_TITLES, type PraticaCode } from './pratica-model';
import { familyMembers, readPersonRecord, type PersonRow } from './registry';
import { placeText } from './self-declaration-data';
import { personNotifications } from './notifications/conflicts';

/** tipoGeneralita of a local person, as pratiche name an existing subject. */
export function generalitaOf(p: PersonRow, comuneIstat: string): Record<string, unknown> {
  return {
    ...(p.codice_fiscale ? { codiceFiscale: { codFiscale: p.codice_fiscale } } : {}),
    ...(p.cognome ? { cognome: p.cognome } : { senzaCognome: '1' }),
    ...(p.nome ? { nome: p.nome } : { senzaNome: '1' }),
    ...(p.sesso ? { sesso: p.sesso } : {}),
    ...(p.data_nascita ? { dataNascita: p.data_nascita } : {}),
    idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: comuneIstat, idSchedaSoggetto: p.id },
    ...(p.id_scheda_soggetto_anpr ? { idSchedaSoggettoANPR: p.id_scheda_soggetto_anpr } : {}),
  };
}

function cittadinanzaText(json: string | null): string {
  if (!json) return '';
  const list = JSON.parse(json) as { descrizioneStato?: string }[];
  return list
    .map((c) => c.descrizioneStato ?? '')
    .filter(Boolean)
    .join(', ');
}

export function readPersonView(db: Db, a: Actor, id: string) {
  return withTx(db, (tx) => personView(tx, a, id));
}

function personView(db: TxDb, a: Actor, id: string) {
  const settings = getComuneSettings(db);
  const rec = readPersonRecord(db, a, id);
  const p = rec.person;
  const members = p.family_id ? familyMembers(db, p.family_id) : [];
  if (members.length > 0) {
    appendAudit(db, a, {
      action: 'family.read',
      entityType: 'family',
      entityId: p.family_id!,
      detail: { ids: members.map((m) => m.id) },
    });
  }
  const praticaRow = db.prepare(
    'SELECT id_operazione_comune, id_operazione_anpr, esito_code, esito_text, outbox_id, state FROM anagrafe_pratica WHERE id = ?',
  );
  const history = rec.history.map((h) => {
    const pr = praticaRow.get(h.pratica_id) as
      | {
          id_operazione_comune: string;
          id_operazione_anpr: string | null;
          esito_code: string | null;
          esito_text: string | null;
          outbox_id: string | null;
          state: string;
        }
      | undefined;
    const certificateReady =
      h.code === '6001' && pr?.state === 'applicata' && typeof itemResult(db, pr.outbox_id)?.certificatoPdf === 'string';
    return {
      praticaId: h.pratica_id,
      code: h.code,
      title: PRATICA_TITLES[h.code as PraticaCode] ?? h.code,
      decorrenza: h.data_decorrenza,
      state: h.state,
      createdAt: h.created_at,
      idOperazioneComune: pr?.id_operazione_comune ?? null,
      idOperazioneAnpr: pr?.id_operazione_anpr ?? null,
      esitoCode: pr?.esito_code ?? null,
      esitoText: pr?.esito_text ?? null,
      certificateReady,
    };
  });
  const a2 = rec.address;
  return {
    id: p.id,
    cognome: p.cognome,
    nome: p.nome,
    sesso: p.sesso,
    dataNascita: p.data_nascita,
    luogoNascita: placeText(p.luogo_nascita),
    luogoNascitaDati: p.luogo_nascita ? (JSON.parse(p.luogo_nascita) as unknown) : null,
    codiceFiscale: p.codice_fiscale,
    cittadinanza: cittadinanzaText(p.cittadinanza),
    statoCivile: p.stato_civile,
    status: p.status,
    codiceLegame: p.codice_legame,
    idAnpr: p.id_anpr,
    idSchedaSoggettoAnpr: p.id_scheda_soggetto_anpr,
    generalita: generalitaOf(p, settings.comuneIstat),
    family: rec.family
      ? {
          id: rec.family.id,
          idFamigliaAnpr: rec.family.id_famiglia_anpr,
          dataOrigine: rec.family.data_origine,
          members: members.map((m) => ({
            id: m.id,
            cognome: m.cognome,
            nome: m.nome,
            codiceFiscale: m.codice_fiscale,
            dataNascita: m.data_nascita,
            codiceLegame: m.codice_legame,
            generalita: generalitaOf(m, settings.comuneIstat),
          })),
        }
      : null,
    address: a2
      ? {
          text: [
            [a2.specie, a2.denominazione, [a2.numero, a2.lettera].filter(Boolean).join('')].filter(Boolean).join(' '),
            a2.interno ? `interno ${a2.interno}` : '',
            [a2.cap, a2.comune_name].filter(Boolean).join(' '),
          ]
            .filter(Boolean)
            .join(', '),
          cap: a2.cap,
          validFrom: a2.valid_from,
        }
      : null,
    history,
    anprNotifications: personNotifications(db, p.id),
    anprStatus: rec.anprStatus,
  };
}
