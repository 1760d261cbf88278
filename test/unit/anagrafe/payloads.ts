import type { TipoLuogoEvento } from '../../../electron/core/anagrafe/pratica-model';
import type { DemoPerson } from '../../../electron/core/anagrafe/demo';

export const ISTAT = '056003';
export const BAGNOREGIO: TipoLuogoEvento = { comune: { nomeComune: 'BAGNOREGIO', codiceIstat: '056003', siglaProvinciaIstat: 'VT' } };

export const gen = (p: DemoPerson) => ({
  codiceFiscale: { codFiscale: p.codiceFiscale },
  cognome: p.cognome,
  nome: p.nome,
  sesso: p.sesso,
  dataNascita: p.dataNascita,
  idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: ISTAT, idSchedaSoggetto: p.id },
});

export function birth(o: {
  familyId?: string;
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  dataNascita: string;
  luogo?: TipoLuogoEvento;
  cf?: string;
  legame?: string;
  gestioneCF?: '1' | '2' | '3';
  /** A resident parent (its family is the newborn's when no familyId is given); else a mother by name only. */
  parent?: DemoPerson;
  /** No parents at all (a birth ANPR refuses). */
  noParents?: boolean;
}) {
  const parent = o.parent ? { generalita: gen(o.parent) } : { generalita: { cognome: o.cognome, nome: 'MARIA' } };
  const parents = o.noParents ? {} : o.parent?.sesso === 'M' ? { paternita: parent } : { maternita: parent };
  const attribuzione = o.familyId ? '5' : o.parent ? (o.parent.sesso === 'M' ? '2' : '3') : '1';
  return {
    code: '1001',
    testata: { tipoOperazione: 'C' },
    richiesta: {
      generalita1001: {
        generalita: {
          ...(o.cf ? { codiceFiscale: { codFiscale: o.cf } } : {}),
          cognome: o.cognome,
          nome: o.nome,
          sesso: o.sesso,
          dataNascita: o.dataNascita,
          luogoNascita: o.luogo ?? BAGNOREGIO,
        },
      },
      attoNascita: { comuneRegistrazione: BAGNOREGIO.comune, anno: o.dataNascita.slice(0, 4), parte: '1', numeroAtto: '12' },
      cittadinanza: { descrizioneStato: 'ITALIA', codiceStato: '100' },
      ...parents,
      ...(o.familyId
        ? {
            famConv: {
              idFamigliaConvivenzaComune: { idFamigliaConvivenzaComuneIstat: ISTAT, idFamigliaConvivenza: o.familyId },
              tipoScheda: '3',
            },
            legameSoggetto: { dataDecorrenza: o.dataNascita, codiceLegame: o.legame ?? '3' },
          }
        : {}),
      datiControllo: { attribuzioneFamiglia: attribuzione, ...(o.gestioneCF ? { gestioneCF: o.gestioneCF } : {}) },
    },
  };
}

export function move(o: {
  familyId: string;
  members: { p: DemoPerson; legame: string }[];
  decorrenza: string;
  tipoScheda?: '1' | '2';
  via?: string;
  numero?: string;
}) {
  return {
    code: '5005',
    testata: { tipoOperazione: 'C', dataDecorrenza: o.decorrenza },
    richiesta: {
      generalitaSchedaFamiglia: {
        idFamigliaConvivenzaComune: { idFamigliaConvivenzaComuneIstat: ISTAT, idFamigliaConvivenza: o.familyId },
        tipoScheda: '3',
      },
      residenzaFamiglia: [
        {
          tipoIndirizzo: '1',
          indirizzo: {
            cap: '01022',
            comune: BAGNOREGIO.comune,
            toponimo: { specie: 'VIA', denominazioneToponimo: o.via ?? 'DEI GELSOMINI' },
            numeroCivico: { numero: o.numero ?? '7' },
          },
        },
      ],
      elencoSoggettiFamiglia: o.members.map((m) => ({
        generalita: gen(m.p),
        legameSoggetto: { dataDecorrenza: o.decorrenza, codiceLegame: m.legame },
      })),
      datiControllo: { tipoMutazione: '03', tipoScheda: o.tipoScheda ?? '1' },
    },
  };
}

export function death(o: { p: DemoPerson; date: string; ruolo: '1' | '2'; newHead?: DemoPerson }) {
  return {
    code: '2001',
    testata: { tipoOperazione: 'C', dataDecorrenza: o.date },
    richiesta: {
      motivoCancellazione: { tipoMotivoCancellazione: '1' },
      generalitaPerRicerca: gen(o.p),
      datiDecesso: {
        dataEvento: o.date,
        luogoEvento: BAGNOREGIO,
        attoEvento: { comuneRegistrazione: BAGNOREGIO.comune, anno: o.date.slice(0, 4), parte: '1', numeroAtto: '3' },
      },
      ...(o.newHead
        ? { elencoSoggettiFamiglia: [{ generalita: gen(o.newHead), legameSoggetto: { dataDecorrenza: o.date, codiceLegame: '1' } }] }
        : {}),
      datiControllo: { ruoloSoggetto: o.ruolo },
    },
  };
}

export function change(o: { p: DemoPerson; decorrenza: string; statoCivile?: string }) {
  return {
    code: '5008',
    testata: { tipoOperazione: 'C', dataDecorrenza: o.decorrenza },
    richiesta: {
      generalitaPerRicerca: gen(o.p),
      statoCivile: { statoCivile: o.statoCivile ?? '2' },
      datiControllo: { tipoMutazione: ['07'] },
    },
  };
}

/** Demo families with at least `n` members, keyed by family id. */
export function families(persons: DemoPerson[], n: number): DemoPerson[][] {
  const by = new Map<string, DemoPerson[]>();
  for (const p of persons) by.set(p.familyId, [...(by.get(p.familyId) ?? []), p]);
  return [...by.values()].filter((f) => f.length >= n);
}
