/**
 * The day at the counter as data: who comes, in what order, what each needs, which of them carry
 * a CIE the clerk reads, and the genuine data errors planted on the platforms' side. Pure and
 * deterministic: the same size and the same demo residents give the same day.
 */
import type { Registry, Resident } from './residents';

export type DaySize = 'full' | 'short';

/** What is printed on a citizen's (virtual) CIE. */
export interface CardHolder {
  surname: string;
  givenNames: string;
  sex: 'M' | 'F';
  birthDate: string;
  birthPlace: [string, string];
  codiceFiscale: string;
  documentNumber: string;
  can: string;
}

/** Someone not (yet) in the registry: arrives from another Comune. */
export interface Newcomer {
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  dataNascita: string;
  /** As typed in the place field, and its codice catastale for the codice fiscale. */
  luogo: string;
  belfiore: string;
}

export type Fee = 'pagopa' | 'cash';

export type Visit =
  | { kind: 'birth'; parent: Resident; nome: string; sesso: 'M' | 'F'; daysAgo: number; atto: string }
  | { kind: 'immigration'; person: Newcomer; via: string; civico: string }
  | { kind: 'move'; person: Resident; via: string; civico: string }
  | { kind: 'death'; person: Resident; daysAgo: number; atto: string }
  | { kind: 'civilStatus'; person: Resident; decorrenzaDaysAgo: number }
  | { kind: 'booking'; person: Resident; daysAhead: number; time: string | null }
  | { kind: 'appointment'; person: Resident; fee: Fee }
  | { kind: 'walkIn'; person: Resident; fee: Fee }
  | { kind: 'noShow'; person: Resident }
  | { kind: 'notice'; debtor: Resident; items: string[] };

export type Planted =
  /** ANPR already holds a later operation on this person: an earlier decorrenza is refused (EN240). */
  | { kind: 'anpr-last-operation'; codiceFiscale: string; daysAgo: number }
  /** A citizen books this slot online while the Comune is offline. */
  | { kind: 'slot-taken-online'; daysAhead: number; time: string };

export interface Citizen {
  n: number;
  visit: Visit;
  /** The CIE the clerk reads to identify this citizen, if any. */
  card: CardHolder | null;
  /** This visit carries a planted error. */
  planted: Planted | null;
}

export interface Day {
  size: DaySize;
  citizens: Citizen[];
  planted: Planted[];
  /** Demo residents the app must hold (at least) for the script's people to exist. */
  residents: number;
}

/** How many of each visit; the planted ones are always among them. */
const MIX: Record<DaySize, Record<Visit['kind'], number> & { cards: number; residents: number }> = {
  full: {
    birth: 4,
    immigration: 4,
    move: 4,
    death: 3,
    civilStatus: 5,
    booking: 5,
    appointment: 4,
    walkIn: 5,
    noShow: 1,
    notice: 18,
    cards: 27,
    residents: 1500,
  },
  short: {
    birth: 1,
    immigration: 1,
    move: 1,
    death: 1,
    civilStatus: 1,
    booking: 1,
    appointment: 1,
    walkIn: 1,
    noShow: 1,
    notice: 3,
    cards: 6,
    residents: 300,
  },
};

const CHILD_NAMES: [string, 'M' | 'F'][] = [
  ['LUCA', 'M'],
  ['GIULIA', 'F'],
  ['MATTIA', 'M'],
  ['ELISA', 'F'],
  ['NICCOLO', 'M'],
];
const NEWCOMERS: Newcomer[] = [
  { cognome: 'VERDI', nome: 'GIULIA', sesso: 'F', dataNascita: '1990-04-15', luogo: 'ROMA (RM)', belfiore: 'H501' },
  { cognome: 'NARDI', nome: 'PAOLO', sesso: 'M', dataNascita: '1978-09-02', luogo: 'MILANO (MI)', belfiore: 'F205' },
  { cognome: 'SERENI', nome: 'MARTA', sesso: 'F', dataNascita: '1985-12-21', luogo: 'FIRENZE (FI)', belfiore: 'D612' },
  { cognome: 'BALDINI', nome: 'IVO', sesso: 'M', dataNascita: '1969-06-30', luogo: 'TORINO (TO)', belfiore: 'L219' },
];
const PLACE_OF: Record<string, [string, string]> = {
  'ROMA (RM)': ['ROMA', 'RM'],
  'MILANO (MI)': ['MILANO', 'MI'],
  'FIRENZE (FI)': ['FIRENZE', 'FI'],
  'TORINO (TO)': ['TORINO', 'TO'],
};
const NEW_STREETS = ['DEI GELSOMINI', 'DELLE ROSE', 'DEI TIGLI', 'DELLE QUERCE', 'DEL BELVEDERE'];
const STANDALONE_ITEMS = [['SEGRETERIA'], ['CERT-BOLLO'], ['SEGRETERIA', 'CERT-BOLLO']];
/** Tomorrow's appointment times the clerk offers by phone; the first is the contested one. */
const BOOKING_TIMES = ['10:00', '10:30', '11:00', '11:30', '12:00'];

/** How many demo residents a day of this size needs (the app is seeded with as many). */
export const residentsFor = (size: DaySize) => MIX[size].residents;

const age = (birth: string, today: string) =>
  Number(today.slice(0, 4)) - Number(birth.slice(0, 4)) - (today.slice(5) < birth.slice(5) ? 1 : 0);

/** Deterministic CAN and document number per card (six digits, as printed on the front). */
const canOf = (n: number) => String(100000 + ((n * 7919 + 4271) % 900000)).padStart(6, '0');
const docOf = (n: number) => `CA${String(n).padStart(5, '0')}AA`;

function holderOf(
  p: { cognome: string; nome: string; sesso: 'M' | 'F'; dataNascita: string; codiceFiscale: string },
  place: [string, string],
  n: number,
): CardHolder {
  return {
    surname: p.cognome,
    givenNames: p.nome,
    sex: p.sesso,
    birthDate: p.dataNascita,
    birthPlace: place,
    codiceFiscale: p.codiceFiscale,
    documentNumber: docOf(n),
    can: canOf(n),
  };
}

/**
 * Builds the day. `today` (YYYY-MM-DD, Europe/Rome) only decides who is an adult; `cf` computes a
 * newcomer's codice fiscale (the caller passes core/anagrafe's).
 */
export function buildDay(size: DaySize, registry: Registry, today: string, cf: (p: Newcomer) => string): Day {
  const mix = MIX[size];
  const used = new Set<string>();
  const families = [...registry.families.values()];
  /** One family per visit, so no two visits touch the same people (their ANPR order is their own). */
  const take = (ok: (f: Resident[]) => Resident | undefined): Resident => {
    for (const f of families) {
      if (used.has(f[0].familyId)) continue;
      const r = ok(f);
      if (r) {
        used.add(r.familyId);
        return r;
      }
    }
    throw new Error('not enough demo residents for the day: raise MIX.residents');
  };
  const adult = (f: Resident[]) => f.find((r) => age(r.dataNascita, today) >= 25 && age(r.dataNascita, today) <= 80);
  const lists: Visit[][] = [];
  const push = (k: Visit['kind'], make: (i: number) => Visit) => lists.push(Array.from({ length: mix[k] }, (_, i) => make(i)));

  // The no-show books the slot that is starting now, first thing; the clerk marks the absence at closing.
  push('noShow', () => ({ kind: 'noShow', person: take(adult) }));
  push('civilStatus', (i) => ({ kind: 'civilStatus', person: take(adult), decorrenzaDaysAgo: i === 0 ? 3 : 0 }));
  push('booking', (i) => ({ kind: 'booking', person: take(adult), daysAhead: 1, time: BOOKING_TIMES[i % BOOKING_TIMES.length] }));
  push('birth', (i) => ({
    kind: 'birth',
    parent: take((f) => f.find((r) => r.codiceLegame === '1' && age(r.dataNascita, today) <= 50 && age(r.dataNascita, today) >= 25)),
    nome: CHILD_NAMES[i % 5][0],
    sesso: CHILD_NAMES[i % 5][1],
    daysAgo: 2 + i,
    atto: String(10 + i),
  }));
  push('notice', (i) => ({ kind: 'notice', debtor: take(adult), items: STANDALONE_ITEMS[i % STANDALONE_ITEMS.length] }));
  push('immigration', (i) => ({
    kind: 'immigration',
    person: NEWCOMERS[i % NEWCOMERS.length],
    via: NEW_STREETS[i % NEW_STREETS.length],
    civico: String(3 + i),
  }));
  push('appointment', (i) => ({ kind: 'appointment', person: take(adult), fee: i % 4 === 3 ? 'cash' : 'pagopa' }));
  push('move', (i) => ({
    kind: 'move',
    person: take((f) => f.find((r) => r.codiceLegame === '1')),
    via: NEW_STREETS[(i + 2) % NEW_STREETS.length],
    civico: String(20 + i),
  }));
  push('walkIn', (i) => ({ kind: 'walkIn', person: take(adult), fee: i % 5 === 4 || size === 'short' ? 'cash' : 'pagopa' }));
  push('death', (i) => ({
    kind: 'death',
    person: take((f) => (f.length >= 2 ? f.find((r) => r.codiceLegame !== '1') : undefined)),
    daysAgo: 1 + i,
    atto: String(3 + i),
  }));

  // Interleave the kinds as a morning at the counter does.
  const visits: Visit[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) visits.push(l[i]);

  const planted: Planted[] = [];
  let cards = 0;
  let notices = 0;
  const citizens = visits.map((visit, idx): Citizen => {
    const n = idx + 1;
    let p: Planted | null = null;
    if (visit.kind === 'civilStatus' && visit.decorrenzaDaysAgo > 0)
      p = { kind: 'anpr-last-operation', codiceFiscale: visit.person.codiceFiscale, daysAgo: 1 };
    if (visit.kind === 'booking' && planted.every((x) => x.kind !== 'slot-taken-online'))
      p = { kind: 'slot-taken-online', daysAhead: visit.daysAhead, time: visit.time! };
    if (p) planted.push(p);
    // The CIE is read where a form takes it: iscrizione, booking, checklist, notice debtor.
    const readable =
      visit.kind === 'immigration' ||
      visit.kind === 'booking' ||
      visit.kind === 'appointment' ||
      visit.kind === 'walkIn' ||
      visit.kind === 'notice';
    let card: CardHolder | null = null;
    // One notice in four is for someone who only brings a paper document.
    const paperOnly = visit.kind === 'notice' && notices++ % 4 === 3;
    if (readable && cards < mix.cards && !paperOnly) {
      cards++;
      if (visit.kind === 'immigration') {
        const x = visit.person;
        card = holderOf({ ...x, codiceFiscale: cf(x) }, PLACE_OF[x.luogo], n);
      } else {
        const r = visit.kind === 'notice' ? visit.debtor : visit.person;
        card = holderOf(r, ['BAGNOREGIO', 'VT'], n);
      }
    }
    return { n, visit, card, planted: p };
  });
  return { size, citizens, planted, residents: mix.residents };
}

/** How many of each kind, for the report. */
export function mixOf(day: Day): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of day.citizens) out[c.visit.kind] = (out[c.visit.kind] ?? 0) + 1;
  return out;
}
