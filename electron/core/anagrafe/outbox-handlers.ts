/**
 * OutboxHandlers for the anpr.<code> outbox kinds. They run inside the sync engine's transaction that
 * marks the item done / attention / discarded, and bring the pratica and the local registry in line
 * with ANPR's answer.
 *
 * The done `result` is ANPR's Risposta_Comune as JSON with ANPR's element names (the adapter's
 * parse of the SOAP answer): { testataRisposta: { idOperazioneANPR, esitoOperazione },
 * listaSoggettiVariati: { datiSoggetto: [{ identificativi: { idANPR }, generalitaAttuali:
 * { codiceFiscale: { codFiscale, validitaCF }, idSchedaSoggettoComune: { idSchedaSoggetto },
 * idSchedaSoggettoANPR }, famigliaConvivenza: { idFamigliaConvivenzaANPR,
 * idFamigliaConvivenzaComune: { idFamigliaConvivenza } } }] } }. Unknown parts are ignored.
 */
import { z } from '../zod';
import type { TxDb } from '../store/tx';
import type { Db } from '../store/types';
import type { OutboxHandler, OutboxItem } from '../sync/types';
import { ValidationError } from '../errors';
import { changesOutsideAnswer, correctionScope, identityChanges } from './correction-identity';
import { describePratica } from './attention';
import { allocateIdOperazioneComune } from './id-operazione';
import { PRATICA_CODES, PRATICA_PAYLOAD_VERSION, praticaPayload } from './pratica-model';
import { getPratica } from './pratiche';
import { romeDate } from '../rome-time';
import { checkPratica } from './rules';
import { entryName, valueText } from './vocabulary';
import { findPersonByCf, getPersonRow, updatePerson } from './registry';
import { labelFor, M } from './messages';

const idText = z.string().regex(/^[0-9A-Za-z]+$/);

const datiSoggetto = z.looseObject({
  identificativi: z.looseObject({ idANPR: z.string().optional() }).optional(),
  generalitaAttuali: z
    .looseObject({
      codiceFiscale: z.looseObject({ codFiscale: z.string().optional(), validitaCF: z.string().optional() }).optional(),
      idSchedaSoggettoComune: z.looseObject({ idSchedaSoggetto: z.string().optional() }).optional(),
      idSchedaSoggettoANPR: idText.optional(),
    })
    .optional(),
  famigliaConvivenza: z
    .looseObject({
      idFamigliaConvivenzaANPR: idText.optional(),
      idFamigliaConvivenzaComune: z.looseObject({ idFamigliaConvivenza: z.string().optional() }).optional(),
    })
    .optional(),
});

export const anprDoneResult = z.looseObject({
  testataRisposta: z.looseObject({ idOperazioneANPR: idText.optional(), esitoOperazione: z.string().optional() }).optional(),
  listaSoggettiVariati: z.looseObject({ datiSoggetto: z.array(datiSoggetto).optional() }).optional(),
});
export type AnprDoneResult = z.infer<typeof anprDoneResult>;

function praticaIdOf(db: Db, item: OutboxItem): string | null {
  if (item.businessType === 'pratica' && item.businessId) return item.businessId;
  const r = db.prepare('SELECT pratica_id FROM anagrafe_id_operazione WHERE id_operazione_comune = ?').get(item.idempotencyKey) as
    | { pratica_id: string }
    | undefined;
  return r?.pratica_id ?? null;
}

function setState(
  db: Db,
  praticaId: string,
  state: string,
  extra: { idOperazioneAnpr?: string | null; code?: string | null; text?: string | null },
): void {
  const now = new Date().toISOString();
  db.prepare(
    `UPDATE anagrafe_pratica SET state = @state, id_operazione_anpr = coalesce(@idAnpr, id_operazione_anpr),
       esito_code = @code, esito_text = @text, updated_at = @now WHERE id = @id`,
  ).run({ id: praticaId, state, idAnpr: extra.idOperazioneAnpr ?? null, code: extra.code ?? null, text: extra.text ?? null, now });
  db.prepare('UPDATE anagrafe_operation SET state = ? WHERE pratica_id = ?').run(state, praticaId);
}

/** Stores the ids and data ANPR returned on the persons and families of the pratica. */
export function storeAnprIds(db: Db, praticaId: string, result: AnprDoneResult): void {
  const now = new Date().toISOString();
  const own = new Set(
    (db.prepare('SELECT person_id FROM anagrafe_operation WHERE pratica_id = ?').all(praticaId) as { person_id: string }[]).map(
      (r) => r.person_id,
    ),
  );
  const soggetti = result.listaSoggettiVariati?.datiSoggetto ?? [];
  for (const s of soggetti) {
    const g = s.generalitaAttuali;
    const localId = g?.idSchedaSoggettoComune?.idSchedaSoggetto;
    const cf = g?.codiceFiscale?.codFiscale;
    // A pratica on one person answered with one subject (e.g. a birth whose CF ANPR attributes): that is the person.
    const only = soggetti.length === 1 && own.size === 1 ? getPersonRow(db, [...own][0]) : undefined;
    const person = (localId ? getPersonRow(db, localId) : undefined) ?? (cf ? findPersonByCf(db, cf) : undefined) ?? only;
    if (!person || !own.has(person.id)) continue;
    updatePerson(
      db,
      person.id,
      {
        idAnpr: s.identificativi?.idANPR,
        idSchedaSoggettoAnpr: g?.idSchedaSoggettoANPR,
        // ANPR may attribute the CF (gestioneCF 1/2): take it with its validation state.
        codiceFiscale: cf && !person.codice_fiscale ? cf : undefined,
        validitaCf: g?.codiceFiscale?.validitaCF,
      },
      now,
    );
    const famAnpr = s.famigliaConvivenza?.idFamigliaConvivenzaANPR;
    const famLocal = s.famigliaConvivenza?.idFamigliaConvivenzaComune?.idFamigliaConvivenza ?? person.family_id;
    if (famAnpr && famLocal)
      db.prepare('UPDATE anagrafe_family SET id_famiglia_anpr = ?, updated_at = ? WHERE id = ?').run(famAnpr, now, famLocal);
  }
}

/**
 * The ANPR adapter (platforms/anpr/answer.ts AnprResult) hands over a flat summary
 * `{ idOperazioneANPR, soggetti: [{ idANPR, idSchedaSoggettoANPR, codiceFiscale, validitaCF,
 * idFamigliaConvivenzaANPR }] }`: bring it to the Risposta_Comune shape read below.
 */
const flatDoneResult = z.looseObject({
  idOperazioneANPR: idText,
  soggetti: z
    .array(
      z.looseObject({
        idANPR: z.string().optional(),
        idSchedaSoggettoANPR: idText.optional(),
        codiceFiscale: z.string().optional(),
        validitaCF: z.string().optional(),
        idFamigliaConvivenzaANPR: idText.optional(),
      }),
    )
    .optional(),
});

function normalizeDoneResult(result: unknown): unknown {
  const flat = flatDoneResult.safeParse(result);
  if (!flat.success) return result ?? {};
  return {
    testataRisposta: { idOperazioneANPR: flat.data.idOperazioneANPR },
    listaSoggettiVariati: {
      datiSoggetto: (flat.data.soggetti ?? []).map((s) => ({
        identificativi: { idANPR: s.idANPR },
        generalitaAttuali: {
          codiceFiscale: s.codiceFiscale ? { codFiscale: s.codiceFiscale, validitaCF: s.validitaCF } : undefined,
          idSchedaSoggettoANPR: s.idSchedaSoggettoANPR,
        },
        famigliaConvivenza: s.idFamigliaConvivenzaANPR ? { idFamigliaConvivenzaANPR: s.idFamigliaConvivenzaANPR } : undefined,
      })),
    },
  };
}

function onDone(db: TxDb, item: OutboxItem, result: unknown): void {
  const praticaId = praticaIdOf(db, item);
  if (!praticaId) return;
  const parsed = anprDoneResult.safeParse(normalizeDoneResult(result));
  const r = parsed.success ? parsed.data : {};
  setState(db, praticaId, 'applicata', { idOperazioneAnpr: r.testataRisposta?.idOperazioneANPR ?? null });
  storeAnprIds(db, praticaId, r);
}

function onAttention(db: TxDb, item: OutboxItem, code: string, text: string): void {
  const praticaId = praticaIdOf(db, item);
  if (praticaId) setState(db, praticaId, 'respinta', { code, text });
}

/** The clerk gave up: the pratica is cancelled and what it created locally is withdrawn. */
function onDiscarded(db: TxDb, item: OutboxItem, reason: string): void {
  const praticaId = praticaIdOf(db, item);
  if (!praticaId) return;
  const p = getPratica(db, praticaId);
  setState(db, praticaId, 'annullata', { code: null, text: reason });
  if (!p?.person_id) return;
  const now = new Date().toISOString();
  if (p.code === '1001' || p.code === '1002') updatePerson(db, p.person_id, { status: 'annullato' }, now);
  if (p.code === '2001' || p.code === '2003') updatePerson(db, p.person_id, { status: 'residente' }, now);
}

/**
 * A corrected pratica: the same rules run again (its own pending operations excluded), the local
 * record of a person it registered or modified takes the corrected data, and it gets a NEW
 * idOperazioneComune — ANPR would otherwise replay its stored rejection for the old one.
 */
function prepareCorrection(db: TxDb, item: OutboxItem, payload: unknown): { payload: unknown; idempotencyKey: string } {
  const praticaId = praticaIdOf(db, item);
  const pratica = praticaId ? getPratica(db, praticaId) : undefined;
  if (!pratica) throw new ValidationError('ANAGRAFE_PRATICA_NOT_FOUND', M.praticaNotFound);
  const changed = identityChanges(item.payload, payload);
  if (changed.length) {
    const label = labelFor(changed[0].split('.'));
    throw new ValidationError('ANAGRAFE_CORRECTION_IDENTITY', M.correctionIdentity(label), changed[0], { fields: changed.slice(0, 10) });
  }
  const outside = changesOutsideAnswer(item.lastErrorCode, item.payload, payload);
  if (outside) {
    const first = outside.paths[0];
    throw new ValidationError(
      'ANAGRAFE_CORRECTION_FIELD',
      M.correctionOutsideAnswer(item.lastErrorCode ?? '', outside.words, labelFor(first.split('.'))),
      first,
      { code: item.lastErrorCode, fields: outside.paths.slice(0, 10) },
    );
  }
  const nowMs = Date.now();
  const own = pratica.person_id ? getPersonRow(db, pratica.person_id) : undefined;
  // A person registered by this very pratica must not count as "already resident".
  if (own && (pratica.code === '1001' || pratica.code === '1002'))
    updatePerson(db, own.id, { status: 'annullato' }, new Date(nowMs).toISOString());
  if (own && (pratica.code === '2001' || pratica.code === '2003'))
    updatePerson(db, own.id, { status: 'residente' }, new Date(nowMs).toISOString());
  const checked = checkPratica(db, payload, { today: romeDate(nowMs), excludePraticaId: pratica.id });
  if (checked.payload.code !== pratica.code)
    throw new ValidationError('ANAGRAFE_CORRECTION_CODE', 'Il tipo di pratica non può essere cambiato con una correzione.', 'code');
  const now = new Date(nowMs).toISOString();
  const p = checked.payload;
  if (own) {
    if (p.code === '1001' || p.code === '1002') {
      const g = p.code === '1001' ? p.richiesta.generalita1001.generalita : p.richiesta.generalita1002.generalita;
      updatePerson(
        db,
        own.id,
        {
          status: 'residente',
          codiceFiscale: g.codiceFiscale?.codFiscale ?? null,
          cognome: g.cognome ?? null,
          nome: g.nome ?? null,
          sesso: g.sesso ?? null,
          dataNascita: g.dataNascita ?? null,
          luogoNascita: g.luogoNascita ?? null,
        },
        now,
      );
    } else if (p.code === '2001') updatePerson(db, own.id, { status: 'deceduto' }, now);
    else if (p.code === '2003') updatePerson(db, own.id, { status: 'cancellato' }, now);
    else if (p.code === '5008') {
      const g = p.richiesta.generalitaDaModificare?.generalita;
      updatePerson(
        db,
        own.id,
        {
          codiceFiscale: g?.codiceFiscale?.codFiscale,
          cognome: g?.cognome,
          nome: g?.nome,
          sesso: g?.sesso,
          dataNascita: g?.dataNascita,
          luogoNascita: g?.luogoNascita,
        },
        now,
      );
    }
  }
  const idOperazioneComune = allocateIdOperazioneComune(db, nowMs);
  db.prepare('INSERT INTO anagrafe_id_operazione (id_operazione_comune, pratica_id, allocated_at) VALUES (?, ?, ?)').run(
    idOperazioneComune,
    pratica.id,
    now,
  );
  db.prepare(
    `UPDATE anagrafe_pratica SET payload = ?, id_operazione_comune = ?, state = 'in_attesa', esito_code = NULL, esito_text = NULL,
       data_decorrenza = ?, updated_at = ? WHERE id = ?`,
  ).run(JSON.stringify(p), idOperazioneComune, checked.decorrenza, now, pratica.id);
  db.prepare(`UPDATE anagrafe_operation SET state = 'in_attesa', data_decorrenza = ? WHERE pratica_id = ?`).run(
    checked.decorrenza,
    pratica.id,
  );
  return { payload: p, idempotencyKey: idOperazioneComune };
}

/** One handler per anagrafe kind, to register with the sync engine. */
export const anagrafeOutboxHandlers: OutboxHandler[] = PRATICA_CODES.map((code) => ({
  kind: `anpr.${code}`,
  // A stored pratica must be one of this kind's service: an item 'anpr.1001' carrying a 5005 is corrupt.
  payloadSchemas: {
    [PRATICA_PAYLOAD_VERSION]: praticaPayload.refine((p) => p.code === code, {
      message: `la pratica non è del tipo ${code}`,
      path: ['code'],
    }),
  },
  payloadVersion: PRATICA_PAYLOAD_VERSION,
  fieldLabel: labelFor,
  fieldValueText: valueText,
  entryName,
  onDone,
  onAttention,
  onDiscarded,
  prepareCorrection,
  describe: describePratica,
  correctionScope: (item, path) => correctionScope(item.lastErrorCode, path, item.payload),
}));
