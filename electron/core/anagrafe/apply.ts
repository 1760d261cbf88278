/**
 * What a checked pratica changes in the local registry at save time, before ANPR answers: the
 * registry shows the new state at once and every touched person carries a pending operation
 * ("in attesa di ANPR") until the answer arrives. Runs inside createPratica's transaction.
 */
import type { Db } from '../store/types';
import { allocateLocalId } from './id-operazione';
import type { ComuneSettings } from '../comune/settings';
import type { CheckedPratica } from './rules';
import type { PraticaPayload, TipoGeneralita, TipoResidenza } from './pratica-model';
import { addOperation, familyMembers, insertFamily, insertPerson, setFamilyAddress, updatePerson, type PersonRow } from './registry';

export interface Applied {
  /** The payload with the local ids of new persons/families filled in (sent to ANPR as-is). */
  payload: PraticaPayload;
  mainPersonId: string | null;
  familyId: string | null;
  personIds: string[];
  /** FIFO chain for the outbox: per family when there is one, else per person. */
  orderingKey: string;
}

const HEAD = '1';

function idScheda(settings: ComuneSettings, id: string) {
  return { idSchedaSoggettoComuneIstat: settings.comuneIstat, idSchedaSoggetto: id };
}

function idFamiglia(settings: ComuneSettings, id: string) {
  return { idFamigliaConvivenzaComuneIstat: settings.comuneIstat, idFamigliaConvivenza: id };
}

function orderingKeyFor(familyId: string | null, personId: string | null, praticaId: string): string {
  if (familyId) return `anpr:famiglia:${familyId}`;
  if (personId) return `anpr:soggetto:${personId}`;
  return `anpr:pratica:${praticaId}`;
}

function newPersonFrom(
  g: TipoGeneralita,
  id: string,
  extra: { familyId: string; codiceLegame: string; decorrenza: string; cittadinanza: unknown[]; statoCivile: string | null },
) {
  return {
    id,
    codiceFiscale: g.codiceFiscale?.codFiscale ?? null,
    cognome: g.cognome ?? null,
    nome: g.nome ?? null,
    sesso: g.sesso ?? null,
    dataNascita: g.dataNascita ?? null,
    luogoNascita: g.luogoNascita ?? null,
    cittadinanza: extra.cittadinanza,
    statoCivile: extra.statoCivile,
    familyId: extra.familyId,
    codiceLegame: extra.codiceLegame,
    dataDecorrenzaLegame: extra.decorrenza,
  };
}

function writeAddress(db: Db, familyId: string, residenze: TipoResidenza[] | undefined, from: string): void {
  const r = residenze?.find((x) => x.indirizzo);
  if (r?.indirizzo) setFamilyAddress(db, familyId, r.tipoIndirizzo, r.indirizzo, r.dataDecorrenzaResidenza ?? from);
}

/** The subject leaves its family: apply the new relations listed in the pratica; close an empty family. */
function leaveFamily(
  db: Db,
  person: PersonRow,
  list: { generalita: TipoGeneralita; legameSoggetto: { codiceLegame: string; dataDecorrenza: string } }[] | undefined,
  now: string,
): void {
  if (!person.family_id) return;
  const others = familyMembers(db, person.family_id).filter((m) => m.id !== person.id);
  for (const s of list ?? []) {
    const id = s.generalita.idSchedaSoggettoComune?.idSchedaSoggetto;
    const cf = s.generalita.codiceFiscale?.codFiscale?.toUpperCase();
    const m = others.find((o) => (id && o.id === id) || (cf && o.codice_fiscale === cf));
    if (m)
      updatePerson(db, m.id, { codiceLegame: s.legameSoggetto.codiceLegame, dataDecorrenzaLegame: s.legameSoggetto.dataDecorrenza }, now);
  }
  if (others.length === 0)
    db.prepare(`UPDATE anagrafe_family SET state = 'chiusa', updated_at = ? WHERE id = ?`).run(now, person.family_id);
}

export function applyToRegistry(db: Db, checked: CheckedPratica, praticaId: string, settings: ComuneSettings, now: string): Applied {
  const payload = structuredClone(checked.payload);
  const decorrenza = checked.decorrenza;
  const subject = checked.subjects[0] ?? null;
  const track = (personIds: string[], familyId: string | null, mainPersonId: string | null): Applied => {
    for (const id of personIds) addOperation(db, id, praticaId, payload.code, decorrenza, now);
    return { payload, mainPersonId, familyId, personIds, orderingKey: orderingKeyFor(familyId, mainPersonId, praticaId) };
  };

  switch (payload.code) {
    case '1001': {
      const r = payload.richiesta;
      const g = r.generalita1001.generalita;
      const personId = allocateLocalId(db, 'S');
      let familyId: string;
      let legame: string;
      if (checked.family) {
        familyId = checked.family.id;
        legame = r.legameSoggetto?.codiceLegame ?? '3';
      } else {
        familyId = allocateLocalId(db, 'F');
        insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
        legame = HEAD;
      }
      insertPerson(
        db,
        newPersonFrom(g, personId, {
          familyId,
          codiceLegame: legame,
          decorrenza: decorrenza!,
          cittadinanza: [r.cittadinanza],
          statoCivile: '1',
        }),
        now,
      );
      g.idSchedaSoggettoComune = idScheda(settings, personId);
      return track([personId], familyId, personId);
    }
    case '1002': {
      const r = payload.richiesta;
      const g = r.generalita1002.generalita;
      const personId = allocateLocalId(db, 'S');
      let familyId: string;
      let legame: string;
      if (checked.family) {
        familyId = checked.family.id;
        legame = r.famiglia?.legameSoggetto.codiceLegame ?? '99';
      } else {
        familyId = allocateLocalId(db, 'F');
        insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
        writeAddress(db, familyId, r.residenza, decorrenza!);
        legame = HEAD;
      }
      insertPerson(
        db,
        newPersonFrom(g, personId, {
          familyId,
          codiceLegame: legame,
          decorrenza: decorrenza!,
          cittadinanza: r.cittadinanza,
          statoCivile: r.generalita1002.statoCivile?.statoCivile ?? null,
        }),
        now,
      );
      g.idSchedaSoggettoComune = idScheda(settings, personId);
      return track([personId], familyId, personId);
    }
    case '5005': {
      const r = payload.richiesta;
      const ids = checked.subjects.map((s) => s.id);
      let familyId = checked.family!.id;
      if (r.datiControllo.tipoScheda === '2') {
        familyId = allocateLocalId(db, 'F');
        insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
        r.elencoSoggettiFamiglia.forEach((s, i) => {
          updatePerson(
            db,
            ids[i],
            { familyId, codiceLegame: s.legameSoggetto.codiceLegame, dataDecorrenzaLegame: s.legameSoggetto.dataDecorrenza },
            now,
          );
        });
        // The new family's local id travels with the request so ANPR's family id can be matched back.
        r.generalitaSchedaFamiglia = { ...r.generalitaSchedaFamiglia, idFamigliaConvivenzaComune: idFamiglia(settings, familyId) };
      }
      writeAddress(db, familyId, r.residenzaFamiglia, decorrenza!);
      return track(ids, familyId, ids[0] ?? null);
    }
    case '2001': {
      updatePerson(db, subject!.id, { status: 'deceduto' }, now);
      leaveFamily(db, subject!, payload.richiesta.elencoSoggettiFamiglia, now);
      return track([subject!.id], subject!.family_id, subject!.id);
    }
    case '2003': {
      updatePerson(db, subject!.id, { status: 'cancellato' }, now);
      leaveFamily(db, subject!, payload.richiesta.elencoSoggetti, now);
      return track([subject!.id], subject!.family_id, subject!.id);
    }
    case '5008': {
      const r = payload.richiesta;
      const g = r.generalitaDaModificare?.generalita;
      updatePerson(
        db,
        subject!.id,
        {
          codiceFiscale: g?.codiceFiscale?.codFiscale,
          cognome: g?.cognome,
          nome: g?.nome,
          sesso: g?.sesso,
          dataNascita: g?.dataNascita,
          luogoNascita: g?.luogoNascita,
          statoCivile: r.statoCivile?.statoCivile,
        },
        now,
      );
      return track([subject!.id], subject!.family_id, subject!.id);
    }
    case '5014': {
      const luogo = payload.richiesta.tipoRettifica.richiestaRettifica105?.luogoNascita;
      if (luogo) updatePerson(db, subject!.id, { luogoNascita: luogo }, now);
      return track([subject!.id], subject!.family_id, subject!.id);
    }
    case '6001':
    case '3002':
      return track(subject ? [subject.id] : [], subject?.family_id ?? null, subject?.id ?? null);
  }
}
