/**
 * A deterministic demo Comune (Bagnoregio, VT) populated by a seeded generator: the same seed gives
 * the same families, persons, addresses and valid codici fiscali on every machine. Used by demo
 * mode, tests and benchmarks. Names and streets are common Italian words, not real residents.
 */
import type { Db } from '../store/types';
import { computeCodiceFiscale } from './codice-fiscale';
import { configureComune, type ComuneSettings } from '../comune/settings';
import type { TipoLuogoEvento } from './pratica-model';
import { loadAnprComuniArchive, loadAnprForeignStates } from './places';
import { insertFamily, insertPerson, setFamilyAddress } from './registry';

export const DEMO_REGISTRY: ComuneSettings = {
  comuneIstat: '056003',
  comuneName: 'BAGNOREGIO',
  siglaProvincia: 'VT',
  belfiore: 'A577',
  cap: '01022',
  workstationSlot: 1,
};

const SURNAMES = [
  'ROSSI',
  'RUSSO',
  'FERRARI',
  'ESPOSITO',
  'BIANCHI',
  'ROMANO',
  'COLOMBO',
  'RICCI',
  'MARINO',
  'GRECO',
  'BRUNO',
  'GALLO',
  'CONTI',
  'DE LUCA',
  'MANCINI',
  'COSTA',
  'GIORDANO',
  'RIZZO',
  'LOMBARDI',
  'MORETTI',
  'BARBIERI',
  'FONTANA',
  'SANTORO',
  'MARIANI',
  'RINALDI',
  'CARUSO',
  'FERRARA',
  'GALLI',
  'MARTINI',
  'LEONE',
  'LONGO',
  'GENTILE',
  'MARTINELLI',
  'VITALE',
  'LOMBARDO',
  'SERRA',
  'COPPOLA',
  'DE SANTIS',
  "D'ANGELO",
  'MARCHETTI',
  'PARISI',
  'VILLA',
  'CONTE',
  'FERRARO',
  'FERRI',
  'FABBRI',
  'BIANCO',
  'MARINI',
  'GRASSO',
  'VALENTINI',
  'MESSINA',
  'SALA',
  'DE ANGELIS',
  'GATTI',
  'PELLEGRINI',
  'PALUMBO',
  'SANNA',
  'FARINA',
  'RIZZI',
  'MONTI',
  'CATTANEO',
  'MORELLI',
  'AMATO',
  'SILVESTRI',
  'MAZZA',
  'TESTA',
  'GRASSI',
  'PELLEGRINO',
  'CARBONE',
  'GIULIANI',
  'BENEDETTI',
  'BARONE',
  'ROSSETTI',
  'CAPUTO',
  'MONTANARI',
  'GUERRA',
  'PALMIERI',
  'BERNARDI',
  'MARTINO',
  'FIORE',
  'DE ROSA',
  'FERRETTI',
  'BELLINI',
  'BASILE',
  'RIVA',
  'DONATI',
  'PIRAS',
  'VITALI',
  'BATTAGLIA',
  'SARTORI',
  'NERI',
  'COSTANTINI',
  'MILANI',
  'PAGANO',
  'RUGGIERO',
  'SORRENTINO',
  "D'AMICO",
  'ORLANDO',
  'DAMICO',
  'NEGRI',
];
const MALE = [
  'MARIO',
  'LUIGI',
  'GIUSEPPE',
  'GIOVANNI',
  'ANTONIO',
  'FRANCESCO',
  'ALESSANDRO',
  'ANDREA',
  'MARCO',
  'MATTEO',
  'LORENZO',
  'LEONARDO',
  'GABRIELE',
  'RICCARDO',
  'TOMMASO',
  'EDOARDO',
  'DAVIDE',
  'FEDERICO',
  'PAOLO',
  'ROBERTO',
  'STEFANO',
  'LUCA',
  'SIMONE',
  'FABIO',
  'NICOLA',
  'PIETRO',
  'CARLO',
  'SALVATORE',
  'VINCENZO',
  'DOMENICO',
  'ENRICO',
  'FILIPPO',
  'EMANUELE',
  'DANIELE',
  'MICHELE',
  'SERGIO',
  'GIORGIO',
  'CLAUDIO',
  'FRANCO',
  'BRUNO',
];
const FEMALE = [
  'MARIA',
  'ANNA',
  'GIULIA',
  'SOFIA',
  'AURORA',
  'ALICE',
  'GINEVRA',
  'EMMA',
  'GIORGIA',
  'BEATRICE',
  'CHIARA',
  'FRANCESCA',
  'SARA',
  'MARTINA',
  'ELENA',
  'LAURA',
  'PAOLA',
  'ROBERTA',
  'SILVIA',
  'VALENTINA',
  'FEDERICA',
  'ELISA',
  'ALESSIA',
  'CRISTINA',
  'MONICA',
  'BARBARA',
  'ROSA',
  'LUCIA',
  'TERESA',
  'GIOVANNA',
  'CATERINA',
  'ANGELA',
  'CARLA',
  'RITA',
  'DANIELA',
  'SIMONA',
  'ILARIA',
  'NOEMI',
  'VIOLA',
  'ELEONORA',
];
const STREETS: [string, string][] = [
  ['VIA', 'ROMA'],
  ['VIA', 'GARIBALDI'],
  ['VIA', 'MAZZINI'],
  ['VIA', 'CAVOUR'],
  ['PIAZZA', 'CAVOUR'],
  ['VIA', 'DANTE ALIGHIERI'],
  ['VIA', 'VITTORIO EMANUELE II'],
  ['CORSO', 'ITALIA'],
  ['VIA', 'DEL CORSO'],
  ['VIA', 'XX SETTEMBRE'],
  ['VIA', 'DELLA REPUBBLICA'],
  ['VIALE', 'EUROPA'],
  ['VIA', 'SAN FRANCESCO'],
  ['VIA', 'DEI MILLE'],
  ['VIA', 'GRAMSCI'],
  ['VIA', 'MATTEOTTI'],
  ['VIA', 'DON MINZONI'],
  ['LARGO', 'SAN BONAVENTURA'],
  ['VIA', 'CIVITA'],
  ['VIA', 'DEL PONTE'],
  ['LOCALITA', 'MERCATELLO'],
  ['VIA', 'DELLE VIGNE'],
  ['VIA', 'DEGLI ULIVI'],
  ['VIA', 'DELLA STAZIONE'],
  ['VIA', 'FONTANA'],
  ['VIA', 'VERDI'],
  ['VIA', 'PUCCINI'],
  ['VIA', 'LEOPARDI'],
  ['VIA', 'MANZONI'],
  ['VIA', 'PASCOLI'],
];

/** Birthplaces with ISTAT codes from ANPR's tables, all valid since before 1930. */
const BIRTHPLACES: { weight: number; belfiore: string; luogo: TipoLuogoEvento }[] = [
  { weight: 55, belfiore: 'A577', luogo: { comune: { nomeComune: 'BAGNOREGIO', codiceIstat: '056003', siglaProvinciaIstat: 'VT' } } },
  { weight: 12, belfiore: 'H501', luogo: { comune: { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' } } },
  { weight: 4, belfiore: 'F205', luogo: { comune: { nomeComune: 'MILANO', codiceIstat: '015146', siglaProvinciaIstat: 'MI' } } },
  { weight: 4, belfiore: 'F839', luogo: { comune: { nomeComune: 'NAPOLI', codiceIstat: '063049', siglaProvinciaIstat: 'NA' } } },
  { weight: 3, belfiore: 'D612', luogo: { comune: { nomeComune: 'FIRENZE', codiceIstat: '048017', siglaProvinciaIstat: 'FI' } } },
  { weight: 3, belfiore: 'L219', luogo: { comune: { nomeComune: 'TORINO', codiceIstat: '001272', siglaProvinciaIstat: 'TO' } } },
  { weight: 3, belfiore: 'G273', luogo: { comune: { nomeComune: 'PALERMO', codiceIstat: '082053', siglaProvinciaIstat: 'PA' } } },
  { weight: 5, belfiore: 'Z129', luogo: { localita: { descrizioneStato: 'ROMANIA', codiceStato: '235' } } },
  { weight: 4, belfiore: 'Z100', luogo: { localita: { descrizioneStato: 'ALBANIA', codiceStato: '201' } } },
  { weight: 3, belfiore: 'Z330', luogo: { localita: { descrizioneStato: 'MAROCCO', codiceStato: '436' } } },
  { weight: 2, belfiore: 'Z216', luogo: { localita: { descrizioneStato: 'FILIPPINE', codiceStato: '323' } } },
  { weight: 2, belfiore: 'Z600', luogo: { localita: { descrizioneStato: 'ARGENTINA', codiceStato: '602' } } },
];
const TOTAL_WEIGHT = BIRTHPLACES.reduce((a, b) => a + b.weight, 0);

/**
 * Only the places the demo residents and the day's visits name (the residents' birthplaces, which
 * include those of the newcomers in scenario/script.ts, and Italy), through the loaders of ANPR's
 * tables: for a scratch store that must not wait for the full dataset (the start-up rehearsal).
 * A real or demo installation loads every place instead.
 */
export function seedDemoPlaces(db: Db): void {
  const comuni = BIRTHPLACES.flatMap((b) => (b.luogo.comune ? [{ ...b.luogo.comune, belfiore: b.belfiore }] : []));
  loadAnprComuniArchive(
    db,
    [
      'CODISTAT,CODCATASTALE,DENOMINAZIONE_IT,SIGLAPROVINCIA,DATAISTITUZIONE,DATACESSAZIONE',
      ...comuni.map((c) => `${c.codiceIstat},${c.belfiore},${c.nomeComune},${c.siglaProvinciaIstat},1861-03-17,`),
    ].join('\n'),
  );
  const states = BIRTHPLACES.flatMap((b) => (b.luogo.localita ? [{ ...b.luogo.localita, belfiore: b.belfiore }] : []));
  loadAnprForeignStates(
    db,
    [
      'CODISTAT,CODAT,DENOMINAZIONE,DATAINIZIOVALIDITA,DATAFINEVALIDITA',
      '100,,ITALIA,,',
      ...states.map((s) => `${s.codiceStato},${s.belfiore},${s.descrizioneStato},,`),
    ].join('\n'),
  );
}

/** mulberry32: small, fast, good enough for demo data, and identical everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function randomDate(rnd: () => number, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(rnd() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  return `${y}-${pad(m)}-${pad(d)}`;
}

export interface DemoPerson {
  id: string;
  familyId: string;
  codiceFiscale: string;
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  dataNascita: string;
  codiceLegame: string;
  belfiore: string;
}

export interface DemoOptions {
  seed?: number;
  /** Approximate number of residents (families are generated until reached). */
  persons?: number;
  /** Configure the demo Comune in anagrafe_settings (default true). */
  configure?: boolean;
}

/**
 * Writes the demo Comune's registry. Ids are D-prefixed (demo) so they never clash with ids
 * allocated by the workstation. Returns the persons created, in creation order.
 */
export function seedDemoComune(db: Db, opts: DemoOptions = {}): DemoPerson[] {
  const rnd = seededRandom(opts.seed ?? 20240501);
  const target = opts.persons ?? 3000;
  const created: DemoPerson[] = [];
  const now = '2024-01-01T00:00:00.000Z';
  const usedCf = new Set<string>();
  const birthplace = () => {
    let r = rnd() * TOTAL_WEIGHT;
    for (const b of BIRTHPLACES) if ((r -= b.weight) < 0) return b;
    return BIRTHPLACES[0];
  };
  db.transaction(() => {
    if (opts.configure !== false) configureComune(db, DEMO_REGISTRY);
    let f = 0;
    while (created.length < target) {
      f++;
      const familyId = `DF${String(f).padStart(7, '0')}`;
      const cognome = pick(rnd, SURNAMES);
      const headBirth = randomDate(rnd, 1930, 2000);
      const dataOrigine = `${Number(headBirth.slice(0, 4)) + 25}-01-01`;
      insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine }, now);
      const [specie, via] = pick(rnd, STREETS);
      setFamilyAddress(
        db,
        familyId,
        '1',
        {
          cap: DEMO_REGISTRY.cap,
          comune: {
            nomeComune: DEMO_REGISTRY.comuneName,
            codiceIstat: DEMO_REGISTRY.comuneIstat,
            siglaProvinciaIstat: DEMO_REGISTRY.siglaProvincia,
          },
          toponimo: { specie, denominazioneToponimo: via },
          numeroCivico: { numero: String(1 + Math.floor(rnd() * 120)) },
        },
        dataOrigine,
      );
      const size = 1 + Math.floor(rnd() * rnd() * 5);
      const headYear = Number(headBirth.slice(0, 4));
      const members: { legame: string; sesso: 'M' | 'F'; cognome: string; nascita: string }[] = [
        { legame: '1', sesso: rnd() < 0.5 ? 'M' : 'F', cognome, nascita: headBirth },
      ];
      if (size >= 2)
        members.push({
          legame: '2',
          sesso: members[0].sesso === 'M' ? 'F' : 'M',
          cognome: pick(rnd, SURNAMES),
          nascita: randomDate(rnd, headYear - 5, headYear + 5),
        });
      for (let k = 2; k < size; k++) {
        members.push({
          legame: '3',
          sesso: rnd() < 0.5 ? 'M' : 'F',
          cognome,
          nascita: randomDate(rnd, Math.min(headYear + 22, 2023), Math.min(headYear + 42, 2023)),
        });
      }
      for (const m of members) {
        const nome = pick(rnd, m.sesso === 'M' ? MALE : FEMALE);
        const place = birthplace();
        let cf = computeCodiceFiscale({ cognome: m.cognome, nome, sesso: m.sesso, dataNascita: m.nascita, belfiore: place.belfiore });
        // Two demo residents with the same data would share a CF: give the second another birthday.
        let nascita = m.nascita;
        for (let bump = 1; usedCf.has(cf); bump++) {
          nascita = `${nascita.slice(0, 8)}${pad(((Number(nascita.slice(8)) + bump - 1) % 28) + 1)}`;
          cf = computeCodiceFiscale({ cognome: m.cognome, nome, sesso: m.sesso, dataNascita: nascita, belfiore: place.belfiore });
        }
        usedCf.add(cf);
        const id = `D${String(created.length + 1).padStart(9, '0')}`;
        insertPerson(
          db,
          {
            id,
            codiceFiscale: cf,
            cognome: m.cognome,
            nome,
            sesso: m.sesso,
            dataNascita: nascita,
            luogoNascita: place.luogo,
            cittadinanza: [
              place.luogo.localita
                ? { descrizioneStato: place.luogo.localita.descrizioneStato, codiceStato: place.luogo.localita.codiceStato }
                : { descrizioneStato: 'ITALIA', codiceStato: '100' },
            ],
            statoCivile: m.legame === '3' ? '1' : '2',
            familyId,
            codiceLegame: m.legame,
            dataDecorrenzaLegame: dataOrigine > nascita ? dataOrigine : nascita,
          },
          now,
        );
        created.push({
          id,
          familyId,
          codiceFiscale: cf,
          cognome: m.cognome,
          nome,
          sesso: m.sesso,
          dataNascita: nascita,
          codiceLegame: m.legame,
          belfiore: place.belfiore,
        });
      }
    }
  })();
  return created;
}

/** The demo residents no earlier demonstration touched (no operation on anyone of their family), as the day's script expects them. */
export function untouchedDemoResidents(db: Db): DemoPerson[] {
  const rows = db
    .prepare(
      `SELECT id, family_id AS familyId, codice_fiscale AS codiceFiscale, cognome, nome, sesso, data_nascita AS dataNascita, codice_legame AS codiceLegame
       FROM anagrafe_person p
      WHERE status = 'residente' AND id LIKE 'D%' AND family_id IS NOT NULL AND codice_fiscale IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM anagrafe_person q JOIN anagrafe_operation o ON o.person_id = q.id WHERE q.family_id = p.family_id)
      ORDER BY id`,
    )
    .all() as Omit<DemoPerson, 'belfiore'>[];
  return rows.map((r) => ({ ...r, belfiore: r.codiceFiscale.slice(11, 15) }));
}
