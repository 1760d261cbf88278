/**
 * The day script's visits as the anagrafe forms send them: the ANPR pratica of a visit, built from
 * the demo residents no earlier demonstration touched. Used by "Giornata dimostrativa" and by the
 * start-up rehearsal (electron/rehearsal.ts).
 */
import { computeCodiceFiscale } from '../core/anagrafe/codice-fiscale';
import { getComuneSettings } from '../core/comune/settings';
import { untouchedDemoResidents } from '../core/anagrafe/demo';
import { familyMembers, getPersonRow, type PersonRow } from '../core/anagrafe/registry';
import { romeDate } from '../core/rome-time';
import type { Db } from '../core/store/types';
import type { Newcomer, Visit } from '../../scenario/script';
import type { Registry, Resident } from '../../scenario/residents';

const DAY_MS = 86_400_000;
const PLACES: Record<string, { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string }> = {
  'ROMA (RM)': { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' },
  'MILANO (MI)': { nomeComune: 'MILANO', codiceIstat: '015146', siglaProvinciaIstat: 'MI' },
  'FIRENZE (FI)': { nomeComune: 'FIRENZE', codiceIstat: '048017', siglaProvinciaIstat: 'FI' },
  'TORINO (TO)': { nomeComune: 'TORINO', codiceIstat: '001272', siglaProvinciaIstat: 'TO' },
};
const ITALIA = { descrizioneStato: 'ITALIA', codiceStato: '100' };

/** The demo residents no earlier demonstration touched, as the script expects them. */
export function untouchedResidents(db: Db): Registry {
  const residents = untouchedDemoResidents(db);
  const families = new Map<string, Resident[]>();
  for (const r of residents) families.set(r.familyId, [...(families.get(r.familyId) ?? []), r]);
  return { residents, families };
}

function generalita(p: PersonRow, istat: string) {
  return {
    codiceFiscale: { codFiscale: p.codice_fiscale },
    cognome: p.cognome,
    nome: p.nome,
    sesso: p.sesso,
    dataNascita: p.data_nascita,
    idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: istat, idSchedaSoggetto: p.id },
    ...(p.id_scheda_soggetto_anpr ? { idSchedaSoggettoANPR: p.id_scheda_soggetto_anpr } : {}),
  };
}

/** The ANPR pratica of a visit, as the anagrafe forms build it. */
export function praticaOf(db: Db, v: Visit, today: string, cf: (p: Newcomer) => string): unknown {
  const c = getComuneSettings(db);
  const comune = { nomeComune: c.comuneName, codiceIstat: c.comuneIstat, siglaProvinciaIstat: c.siglaProvincia };
  const person = (id: string) => getPersonRow(db, id)!;
  const family = (familyId: string) => ({
    idFamigliaConvivenzaComune: { idFamigliaConvivenzaComuneIstat: c.comuneIstat, idFamigliaConvivenza: familyId },
    tipoScheda: '3',
  });
  const address = (via: string, numero: string, from: string) => ({
    tipoIndirizzo: '1',
    indirizzo: { cap: c.cap, comune, toponimo: { specie: 'VIA', denominazioneToponimo: via }, numeroCivico: { numero } },
    dataDecorrenzaResidenza: from,
  });
  const daysAgo = (n: number) => romeDate(new Date(Date.now() - n * DAY_MS));
  switch (v.kind) {
    case 'birth': {
      const born = daysAgo(v.daysAgo);
      const parent = person(v.parent.id);
      return {
        code: '1001',
        testata: { tipoOperazione: 'C', dataDecorrenza: born },
        richiesta: {
          generalita1001: {
            generalita: {
              codiceFiscale: {
                codFiscale: computeCodiceFiscale({
                  cognome: parent.cognome!,
                  nome: v.nome,
                  sesso: v.sesso,
                  dataNascita: born,
                  belfiore: c.belfiore,
                }),
              },
              cognome: parent.cognome,
              nome: v.nome,
              sesso: v.sesso,
              dataNascita: born,
              luogoNascita: { comune },
            },
          },
          attoNascita: { comuneRegistrazione: comune, anno: born.slice(0, 4), parte: '1', numeroAtto: v.atto },
          cittadinanza: ITALIA,
          // ANPR wants the parents (EN140): the resident the birth is registered from is one of them.
          [parent.sesso === 'M' ? 'paternita' : 'maternita']: {
            generalita: { codiceFiscale: { codFiscale: parent.codice_fiscale! }, cognome: parent.cognome!, nome: parent.nome! },
          },
          famConv: family(parent.family_id!),
          legameSoggetto: { tipoLegame: '3', dataDecorrenza: born, codiceLegame: '3' },
          datiControllo: { attribuzioneFamiglia: '5' },
        },
      };
    }
    case 'immigration': {
      const x = v.person;
      return {
        code: '1002',
        testata: { tipoOperazione: 'C', dataDecorrenza: today },
        richiesta: {
          motivoIscrizione: { idMotivoIscrizione: '3' },
          generalita1002: {
            generalita: {
              codiceFiscale: { codFiscale: cf(x) },
              cognome: x.cognome,
              nome: x.nome,
              sesso: x.sesso,
              dataNascita: x.dataNascita,
              luogoNascita: { comune: PLACES[x.luogo] },
            },
            statoCivile: { statoCivile: '1' },
          },
          cittadinanza: [ITALIA],
          provenienza: { comune: PLACES[x.luogo] },
          residenza: [address(v.via, v.civico, today)],
          famiglia: { famiglia: { tipoScheda: '3' }, legameSoggetto: { tipoLegame: '3', dataDecorrenza: today, codiceLegame: '1' } },
          datiControllo: { attribuzioneFamiglia: '1' },
        },
      };
    }
    case 'move': {
      const head = person(v.person.id);
      const members = familyMembers(db, head.family_id!);
      return {
        code: '5005',
        testata: { tipoOperazione: 'C', dataDecorrenza: today },
        richiesta: {
          generalitaSchedaFamiglia: family(head.family_id!),
          residenzaFamiglia: [address(v.via, v.civico, today)],
          elencoSoggettiFamiglia: members.map((m) => ({
            generalita: generalita(m, c.comuneIstat),
            legameSoggetto: { tipoLegame: '3', dataDecorrenza: today, codiceLegame: m.codice_legame ?? '99' },
          })),
          datiControllo: { tipoMutazione: '03', tipoScheda: '1' },
        },
      };
    }
    case 'death': {
      const when = daysAgo(v.daysAgo);
      return {
        code: '2001',
        testata: { tipoOperazione: 'C', dataDecorrenza: when },
        richiesta: {
          motivoCancellazione: { tipoMotivoCancellazione: '1' },
          generalitaPerRicerca: generalita(person(v.person.id), c.comuneIstat),
          datiDecesso: {
            dataEvento: when,
            luogoEvento: { comune },
            attoEvento: { comuneRegistrazione: comune, anno: when.slice(0, 4), parte: '1', numeroAtto: v.atto },
          },
          datiControllo: { ruoloSoggetto: '2' },
        },
      };
    }
    case 'civilStatus': {
      const p = person(v.person.id);
      return {
        code: '5008',
        testata: { tipoOperazione: 'C', dataDecorrenza: daysAgo(v.decorrenzaDaysAgo) },
        richiesta: {
          generalitaPerRicerca: generalita(p, c.comuneIstat),
          statoCivile: { statoCivile: p.stato_civile === '3' ? '4' : '3' },
          datiControllo: { tipoMutazione: ['07'] },
        },
      };
    }
    default:
      throw new Error(`not a pratica: ${v.kind}`);
  }
}
