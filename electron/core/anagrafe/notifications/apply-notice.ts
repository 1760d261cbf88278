/**
 * Applying one ANPR notification to the local registry, for every subject its content lists (a
 * family immigrating together, a family moving, …), inside the caller's transaction. The subjects
 * of one immigration share one family; the subjects of one change of address move their family once.
 */
import type { TxDb } from '../../store/tx';
import type { Db } from '../../store/types';
import { allocateLocalId } from '../id-operazione';
import type { TipoIndirizzo } from '../pratica-model';
import { findPersonByCf, getPersonRow, insertFamily, insertPerson, setFamilyAddress, updatePerson, type PersonRow } from '../registry';
import { noticeKind, type AnprNotice, type NoticeSubject } from './model';

/** What one subject came to: the local person and what was done (Italian). */
export interface SubjectOutcome {
  personId: string | null;
  outcome: string;
  applied: boolean;
}

export interface NoticeOutcome {
  /** The first person concerned (the notification's row points to it). */
  personId: string | null;
  /** Every local person the notification changed, in the content's order. */
  personIds: string[];
  outcome: string;
  applied: boolean;
}

/** The local person a notification's subject is, by ANPR's ids first, then the codice fiscale. */
export function localPersonOf(db: Db, s: NoticeSubject): PersonRow | undefined {
  const byId = (col: string, v: string | undefined) =>
    v
      ? (db.prepare(`SELECT * FROM anagrafe_person WHERE ${col} = ? AND status <> 'annullato' LIMIT 1`).get(v) as PersonRow | undefined)
      : undefined;
  return (
    byId('id_anpr', s.idANPR) ??
    byId('id_scheda_soggetto_anpr', s.idSchedaSoggettoANPR) ??
    (s.codiceFiscale ? findPersonByCf(db, s.codiceFiscale) : undefined) ??
    (s.previous?.codiceFiscale ? findPersonByCf(db, s.previous.codiceFiscale) : undefined)
  );
}

function addressOf(r: NonNullable<NoticeSubject['residenza']>): TipoIndirizzo {
  return {
    cap: r.cap ?? '',
    comune: { nomeComune: r.comuneNome, codiceIstat: r.comuneIstat, siglaProvinciaIstat: r.sigla ?? '' },
    toponimo: { specie: r.specie, denominazioneToponimo: r.via },
    ...(r.numero ? { numeroCivico: { numero: r.numero } } : {}),
  } as TipoIndirizzo;
}

interface Ctx {
  db: TxDb;
  n: AnprNotice;
  now: string;
  decorrenza: string;
  /** Immigration: the family the newcomers join (made for the first one who needs it). */
  family: string | null;
  /** Change of address: the families already moved. */
  moved: Set<string>;
}

function newFamily(c: Ctx): string {
  const familyId = allocateLocalId(c.db, 'F');
  insertFamily(c.db, { id: familyId, kind: 'famiglia', dataOrigine: c.decorrenza }, c.now);
  return familyId;
}

function immigrate(c: Ctx, s: NoticeSubject, index: number): SubjectOutcome {
  const ids = { idAnpr: s.idANPR, idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR };
  let p = localPersonOf(c.db, s);
  const from = `Iscritto per provenienza da ${s.provenienza ?? 'altro Comune'}.`;
  if (p && p.status === 'residente') {
    updatePerson(c.db, p.id, ids, c.now);
    return { personId: p.id, outcome: from, applied: true };
  }
  if (!c.family) c.family = newFamily(c);
  const legame = { familyId: c.family, codiceLegame: s.codiceLegame ?? (index === 0 ? '1' : '3'), dataDecorrenzaLegame: c.decorrenza };
  if (p) {
    // Back from another Comune: the same record, resident again, in the family that came.
    updatePerson(c.db, p.id, { ...ids, status: 'residente', ...legame }, c.now);
  } else {
    const personId = allocateLocalId(c.db, 'S');
    insertPerson(
      c.db,
      {
        id: personId,
        codiceFiscale: s.codiceFiscale ?? null,
        cognome: s.cognome ?? null,
        nome: s.nome ?? null,
        sesso: s.sesso ?? null,
        dataNascita: s.dataNascita ?? null,
        luogoNascita: null,
        cittadinanza: null,
        statoCivile: null,
        ...legame,
        idAnpr: s.idANPR ?? null,
        idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR ?? null,
      },
      c.now,
    );
    p = getPersonRow(c.db, personId);
  }
  if (s.residenza && !c.moved.has(c.family)) {
    setFamilyAddress(c.db, c.family, '1', addressOf(s.residenza), s.residenza.decorrenza ?? c.decorrenza);
    c.moved.add(c.family);
  }
  return { personId: p?.id ?? null, outcome: from, applied: true };
}

function moveAddress(c: Ctx, p: PersonRow, s: NoticeSubject): SubjectOutcome {
  if (!s.residenza) return { personId: p.id, outcome: 'Notifica senza indirizzo: nulla da aggiornare.', applied: false };
  let familyId = p.family_id;
  if (!familyId) {
    familyId = newFamily(c);
    updatePerson(c.db, p.id, { familyId, codiceLegame: '1', dataDecorrenzaLegame: c.decorrenza }, c.now);
  }
  // The members of one family listed together move it once.
  if (!c.moved.has(familyId)) setFamilyAddress(c.db, familyId, '1', addressOf(s.residenza), c.decorrenza);
  c.moved.add(familyId);
  updatePerson(c.db, p.id, { idAnpr: s.idANPR, idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR }, c.now);
  return {
    personId: p.id,
    outcome: `Nuovo indirizzo: ${s.residenza.via}${s.residenza.numero ? ` ${s.residenza.numero}` : ''}.`,
    applied: true,
  };
}

function applySubject(c: Ctx, s: NoticeSubject, index: number): SubjectOutcome {
  const kind = noticeKind(c.n);
  if (kind === 'immigrazione') return immigrate(c, s, index);
  const p = localPersonOf(c.db, s);
  if (!p) return { personId: null, outcome: 'La persona non è nell’anagrafe locale: nulla da aggiornare.', applied: false };
  const ids = { idAnpr: s.idANPR, idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR };
  switch (kind) {
    case 'decesso':
      updatePerson(c.db, p.id, { ...ids, status: 'deceduto' }, c.now);
      return { personId: p.id, outcome: `Deceduto il ${s.dataDecesso ?? c.decorrenza}.`, applied: true };
    case 'cancellazione':
      updatePerson(c.db, p.id, { ...ids, status: 'cancellato' }, c.now);
      return { personId: p.id, outcome: `Cancellato${s.destinazione ? ` per trasferimento a ${s.destinazione}` : ''}.`, applied: true };
    case 'cambio_indirizzo':
      return moveAddress(c, p, s);
    case 'rettifica':
      updatePerson(
        c.db,
        p.id,
        {
          ...ids,
          ...(s.codiceFiscale ? { codiceFiscale: s.codiceFiscale } : {}),
          ...(s.cognome ? { cognome: s.cognome } : {}),
          ...(s.nome ? { nome: s.nome } : {}),
          ...(s.sesso ? { sesso: s.sesso } : {}),
          ...(s.dataNascita ? { dataNascita: s.dataNascita } : {}),
        },
        c.now,
      );
      return { personId: p.id, outcome: 'Dati anagrafici rettificati come in ANPR.', applied: true };
    default:
      return { personId: p.id, outcome: 'Tipo di notifica non gestito: registrata senza modifiche.', applied: false };
  }
}

/** Applies a notification to the registry, every subject in turn (the caller's transaction). */
export function applyNotice(db: TxDb, n: AnprNotice, now: string): NoticeOutcome {
  const first = n.soggetti[0];
  if (!first) return { personId: null, personIds: [], outcome: 'Notifica senza soggetto: nulla da aggiornare.', applied: false };
  const c: Ctx = {
    db,
    n,
    now,
    decorrenza: n.decorrenza ?? first.residenza?.decorrenza ?? n.at.slice(0, 10),
    family: null,
    moved: new Set(),
  };
  const each = n.soggetti.map((s, i) => applySubject(c, s, i));
  const done = each.filter((r) => r.applied);
  const personIds = done.map((r) => r.personId).filter((id): id is string => id !== null);
  const outcome =
    each.length === 1
      ? each[0].outcome
      : `${done.length} persone su ${each.length} aggiornate. ${[...new Set(each.map((r) => r.outcome))].join(' ')}`;
  return { personId: personIds[0] ?? each[0].personId, personIds, outcome, applied: done.length > 0 };
}
