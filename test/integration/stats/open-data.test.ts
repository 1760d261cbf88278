import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComune, type DemoPerson } from '../../../electron/core/anagrafe/demo';
import { PRATICA_CODES } from '../../../electron/core/anagrafe/pratica-model';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { listAudit, verifyAudit } from '../../../electron/core/audit/log';
import { bookAppointment, cancelBooking, markArrived, markNoShow } from '../../../electron/core/cie/bookings';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { cancelNotice, issueNotice, markNoticePaid } from '../../../electron/core/pagopa/notices';
import { exportOpenData } from '../../../electron/core/stats/open-data';
import { counterSummary } from '../../../electron/core/stats/summary';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { getItem, markAttention } from '../../../electron/core/sync/outbox';
import { setTestClock } from '../../support/clock';
import { openTestDb } from '../../support/db';
import { change } from '../../unit/anagrafe/payloads';
import { clerk, responsabile, seed, type Seeded } from '../../unit/pagopa/fixtures';

/**
 * November 2026 at the counter, seeded through the rooms' own functions, each at its own instant;
 * the expected figures are tallied here as the month is seeded, never by core/stats.
 */
const MONTH = '2026-11';
const at = (iso: string) => ({ nowMs: () => Date.parse(iso) });

/** RFC 4180, enough for the export: quoted cells with doubled quotes, comma, CRLF. */
function parseCsv(text: string): string[][] {
  const cellRe = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      for (const m of line.matchAll(cellRe)) {
        cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]);
        if (m[2] === '') break;
      }
      return cells;
    });
}

/** The published form of a count, as the test understands the rule. */
const shown = (n: number) => (n < 3 ? '<3' : String(n));

describe('the open data of a month', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Db;
  let persons: DemoPerson[];
  let cat: Seeded;
  /** Every person seeded, and every string that would name one. */
  const personal = new Set<string>();
  const expected = {
    pratiche: new Map<string, number>(), // `${code}/${state}`
    cie: { booked: 0, served: 0, noShow: 0, cancelled: 0, open: 0, waits: [] as number[] },
    /** Rome day → people served (pratiche, CIE people, notices issued), for the Riepilogo. */
    days: new Map<string, { pratiche: number; cie: number; notices: number }>(),
    /** Outbox items of the month by platform and where they stand. */
    queue: {
      anpr: { done: 0, attention: 0, queued: 0 },
      agenda: { done: 0, attention: 0, queued: 0 },
      gpd: { done: 0, attention: 0, queued: 0 },
    },
    notices: new Map<string, { issued: number; paid: number; unpaid: number; cancelled: number; issuedCents: number; paidCents: number }>(),
  };
  let csv: string[][];
  let metadata: Record<string, any>;
  let rawCsv: string;
  let rawMeta: string;

  const onDay = (day: string, k: 'pratiche' | 'cie' | 'notices', n = 1) => {
    const d = expected.days.get(day) ?? { pratiche: 0, cie: 0, notices: 0 };
    d[k] += n;
    expected.days.set(day, d);
  };
  const tally = (code: string, state: string, inMonth: boolean) => {
    if (inMonth) expected.pratiche.set(`${code}/${state}`, (expected.pratiche.get(`${code}/${state}`) ?? 0) + 1);
  };

  beforeAll(() => {
    t = openTestDb();
    db = t.db;
    persons = seedDemoComune(db, { persons: 60 });
    cat = seed(db);
    for (const p of persons) [p.codiceFiscale, p.cognome, p.nome].forEach((s) => personal.add(s));
    // Streets as written in an address ("VIA ROMA"; "ROMA" alone is also the time zone's city).
    for (const r of db.prepare("SELECT DISTINCT coalesce(specie, '') || ' ' || denominazione AS street FROM anagrafe_address").all() as {
      street: string;
    }[])
      personal.add(r.street.trim());

    // ---- pratiche: 5008 at the month's edges (Rome time), some refused by ANPR --------------------
    const onAttention = anagrafeOutboxHandlers.find((h) => h.kind === 'anpr.5008')!.onAttention!;
    const pratiche: { instant: string; refused?: boolean; inMonth: boolean }[] = [
      { instant: '2026-10-31T22:30:00Z', inMonth: false }, // 31 October, 23:30 in Rome
      { instant: '2026-10-31T23:30:00Z', inMonth: true }, // 1 November, 00:30 in Rome
      { instant: '2026-11-03T09:00:00Z', inMonth: true },
      { instant: '2026-11-10T09:00:00Z', inMonth: true, refused: true },
      { instant: '2026-11-16T09:00:00Z', inMonth: true },
      { instant: '2026-11-24T09:00:00Z', inMonth: true, refused: true },
      { instant: '2026-11-30T22:30:00Z', inMonth: true }, // 30 November, 23:30 in Rome
      { instant: '2026-11-30T23:30:00Z', inMonth: false }, // 1 December in Rome
    ];
    pratiche.forEach((p, i) => {
      const person = persons[i * 3];
      // The process's injectable clock too: the outbox and the audit log date their rows by it.
      setTestClock(p.instant);
      const r = createPratica(db, clerk, change({ p: person, decorrenza: p.instant.slice(0, 10) }), at(p.instant));
      if (p.refused) {
        const item = getItem(db, r.outboxId)!;
        withTx(db, (tx) => {
          markAttention(db, item.id, 'EN240', 'Data decorrenza non valida');
          onAttention(tx, item, 'EN240', 'Data decorrenza non valida');
        });
      }
      tally('5008', p.refused ? 'respinta' : 'in_attesa', p.inMonth);
      if (!p.inMonth) return;
      // The Rome day: an instant before 23:00 UTC is that UTC day (CET, UTC+1, all November).
      onDay(p.instant.endsWith('T23:30:00Z') ? '2026-11-01' : p.instant.slice(0, 10), 'pratiche');
      expected.queue.anpr[p.refused ? 'attention' : 'queued']++;
    });

    // ---- CIE: one station, Monday to Friday 09:00–12:00 -----------------------------------------
    const station = createStation(db, responsabile, { name: 'Postazione 1', place: 'Piano terra', onlineQuotaPercent: 0 }).id;
    setOpeningHours(
      db,
      responsabile,
      station,
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
    );
    const bookings: { bookedAt: string; date: string; outcome: 'arrived' | 'no_show' | 'cancelled' | 'open'; people: number }[] = [
      { bookedAt: '2026-10-20T10:00:00Z', date: '2026-11-03', outcome: 'arrived', people: 1 },
      { bookedAt: '2026-10-28T10:00:00Z', date: '2026-11-04', outcome: 'arrived', people: 1 },
      { bookedAt: '2026-11-02T10:00:00Z', date: '2026-11-05', outcome: 'arrived', people: 1 },
      { bookedAt: '2026-11-02T11:00:00Z', date: '2026-11-20', outcome: 'arrived', people: 2 },
      { bookedAt: '2026-09-01T10:00:00Z', date: '2026-11-09', outcome: 'arrived', people: 1 },
      { bookedAt: '2026-11-03T10:00:00Z', date: '2026-11-10', outcome: 'no_show', people: 1 },
      { bookedAt: '2026-11-03T11:00:00Z', date: '2026-11-12', outcome: 'cancelled', people: 1 },
      { bookedAt: '2026-11-05T10:00:00Z', date: '2026-11-27', outcome: 'open', people: 1 },
      { bookedAt: '2026-11-20T10:00:00Z', date: '2026-12-02', outcome: 'open', people: 1 }, // December: not this month
    ];
    bookings.forEach((b, i) => {
      const people = Array.from({ length: b.people }, (_, k) => persons[40 + i * 2 + k]).map((p) => ({
        surname: p.cognome,
        givenNames: p.nome,
        codiceFiscale: p.codiceFiscale,
        birthDate: p.dataNascita,
      }));
      const booking = bookAppointment(db, clerk, {
        stationId: station,
        date: b.date,
        startTime: '10:00',
        people,
        channel: 'counter',
        contactPhone: '+39 333 765 4321',
        now: new Date(b.bookedAt),
      });
      const day = new Date(`${b.date}T10:30:00Z`);
      if (b.outcome === 'arrived') markArrived(db, clerk, booking.id, day);
      if (b.outcome === 'no_show') markNoShow(db, clerk, booking.id, day);
      if (b.outcome === 'cancelled') cancelBooking(db, clerk, booking.id, 'Il cittadino ha telefonato');
      if (!b.date.startsWith(MONTH)) return;
      const e = expected.cie;
      e.booked++;
      if (b.outcome === 'arrived') {
        e.served++;
        onDay(b.date, 'cie', b.people);
      }
      if (b.outcome === 'no_show') e.noShow++;
      if (b.outcome === 'cancelled') e.cancelled++;
      if (b.outcome === 'open') e.open++;
      // Served ones: days from the booking's Rome date (all booked at 11:00 or 12:00 in Rome) to the appointment.
      if (b.outcome === 'arrived') e.waits.push((Date.parse(b.date) - Date.parse(b.bookedAt.slice(0, 10))) / 86_400_000);
    });

    // ---- pagoPA: CIE-STATO 7 (4 paid, 3 open), DIR-SEGR 2 (1 paid, 1 cancelled) ------------------
    const notices: { item: keyof Seeded; on: string; fate: 'paid' | 'unpaid' | 'cancelled' }[] = [
      ...Array.from({ length: 4 }, (_, i) => ({ item: 'cieState' as const, on: `2026-11-0${i + 2}`, fate: 'paid' as const })),
      ...Array.from({ length: 3 }, (_, i) => ({ item: 'cieState' as const, on: `2026-11-1${i}`, fate: 'unpaid' as const })),
      { item: 'segreteria', on: '2026-11-17', fate: 'paid' },
      { item: 'segreteria', on: '2026-11-18', fate: 'cancelled' },
      { item: 'cieState', on: '2026-10-30', fate: 'paid' }, // October: not this month
    ];
    notices.forEach((n, i) => {
      const p = persons[20 + i];
      const street = `Via dei Ciclamini ${i}`;
      personal.add(street);
      const issuedAt = new Date(`${n.on}T09:00:00Z`);
      const notice = issueNotice(
        db,
        clerk,
        {
          debtor: {
            type: 'F',
            codiceFiscale: p.codiceFiscale,
            fullName: `${p.nome} ${p.cognome}`,
            address: { streetName: street, civicNumber: '3', postalCode: '01022', city: 'Bagnoregio', province: 'VT', country: 'IT' },
          },
          items: [{ catalogueItemId: cat[n.item].id }],
          dueDate: '2026-12-31',
        },
        issuedAt,
      );
      if (n.fate === 'paid') markNoticePaid(db, clerk, notice.id, { note: `Ricevuta ${i}`, paidAt: `${n.on}T15:00:00.000Z` }, issuedAt);
      if (n.fate === 'cancelled') cancelNotice(db, clerk, notice.id, 'Emesso per errore');
      if (!n.on.startsWith(MONTH)) return;
      onDay(n.on, 'notices');
      const code = cat[n.item].code;
      const e = expected.notices.get(code) ?? { issued: 0, paid: 0, unpaid: 0, cancelled: 0, issuedCents: 0, paidCents: 0 };
      e.issued++;
      e[n.fate]++;
      e.issuedCents += cat[n.item].amountCents;
      if (n.fate === 'paid') e.paidCents += cat[n.item].amountCents;
      expected.notices.set(code, e);
    });

    setTestClock('2026-12-04T10:00:00Z');
    const out = exportOpenData(db, responsabile, { month: MONTH, contactEmail: 'anagrafe@comune.esempio.it' }, Date.now());
    rawCsv = out.csv.text;
    rawMeta = out.metadata.text;
    csv = parseCsv(rawCsv);
    metadata = JSON.parse(rawMeta);
  });
  afterAll(() => t.cleanup());

  const cell = (dataset: string, categoria: string, indicatore: string) => {
    const rows = csv.filter((r) => r[1] === dataset && r[2] === categoria && r[4] === indicatore);
    expect(rows, `${dataset}/${categoria}/${indicatore}`).toHaveLength(1);
    expect(rows[0][0]).toBe(MONTH);
    return rows[0][5];
  };

  it('is a UTF-8 CSV with the documented columns, one figure a row', () => {
    expect(rawCsv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv[0]).toEqual(['periodo', 'dataset', 'categoria', 'descrizione_categoria', 'indicatore', 'valore', 'unita_di_misura']);
    expect(csv.slice(1).every((r) => r.length === 7)).toBe(true);
    expect(new Set(csv.slice(1).map((r) => r[1]))).toEqual(new Set(['pratiche_anagrafe', 'appuntamenti_cie', 'avvisi_pagopa']));
  });

  it('counts the pratiche of the Rome month by type and outcome, small counts as "<3"', () => {
    const n = (state: string) => expected.pratiche.get(`5008/${state}`) ?? 0;
    expect(n('in_attesa')).toBe(4);
    expect(cell('pratiche_anagrafe', '5008', 'totale')).toBe(shown(n('in_attesa') + n('respinta')));
    expect(cell('pratiche_anagrafe', '5008', 'esito_in_attesa')).toBe('4');
    expect(cell('pratiche_anagrafe', '5008', 'esito_respinta')).toBe('<3');
    expect(cell('pratiche_anagrafe', '5008', 'esito_applicata')).toBe('<3');
    // The types with no case this month are written too, all "<3": left out, a "<3" would mean 1 or 2.
    const others = csv.filter((r) => r[1] === 'pratiche_anagrafe' && r[2] !== '5008');
    expect(new Set(others.map((r) => r[2]))).toEqual(new Set(PRATICA_CODES.filter((c) => c !== '5008')));
    expect(others).toHaveLength((PRATICA_CODES.length - 1) * 5);
    expect(others.every((r) => r[5] === '<3')).toBe(true);
  });

  it('counts CIE appointments by outcome and the days waited', () => {
    const e = expected.cie;
    expect(cell('appuntamenti_cie', 'appuntamenti', 'prenotati')).toBe(shown(e.booked));
    expect(cell('appuntamenti_cie', 'appuntamenti', 'serviti')).toBe(shown(e.served));
    expect(cell('appuntamenti_cie', 'appuntamenti', 'non_presentati')).toBe('<3');
    expect(cell('appuntamenti_cie', 'appuntamenti', 'annullati')).toBe('<3');
    expect(cell('appuntamenti_cie', 'appuntamenti', 'senza_esito')).toBe('<3');
    expect(e.waits.sort((a, b) => a - b)).toEqual([3, 7, 14, 18, 69]);
    expect(e.waits.length).toBe(e.served);
    const mean = e.waits.reduce((a, b) => a + b, 0) / e.waits.length;
    expect(cell('appuntamenti_cie', 'attesa', 'media_giorni')).toBe(String(Math.round(mean * 10) / 10));
    expect(cell('appuntamenti_cie', 'attesa', 'mediana_giorni')).toBe(String(e.waits[2]));
    const band = (lo: number, hi: number) => e.waits.filter((d) => d >= lo && d <= hi).length;
    expect(cell('appuntamenti_cie', 'attesa', 'attesa_0_7')).toBe(shown(band(0, 7)));
    for (const [id, lo, hi] of [
      ['8_14', 8, 14],
      ['15_30', 15, 30],
      ['31_60', 31, 60],
      ['oltre_60', 61, 9999],
    ] as const)
      expect(cell('appuntamenti_cie', 'attesa', `attesa_${id}`)).toBe(shown(band(lo, hi)));
  });

  it('counts notices and amounts by catalogue item; a lone hidden part hides the next smallest, amounts follow their count', () => {
    const cie = expected.notices.get('CIE-STATO')!;
    expect(cie).toMatchObject({ issued: 7, paid: 4, unpaid: 3, cancelled: 0 });
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'emessi')).toBe('7');
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'pagati')).toBe('4');
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'annullati')).toBe('<3');
    // 7 − 4 − 3 would give the cancelled count away: the smallest other part is withheld.
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'da_pagare')).toBe('n.d.');
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'importo_emesso')).toBe((cie.issuedCents / 100).toFixed(2));
    expect(cell('avvisi_pagopa', 'CIE-STATO', 'importo_pagato')).toBe((cie.paidCents / 100).toFixed(2));

    const segr = expected.notices.get('DIR-SEGR')!;
    expect(segr).toMatchObject({ issued: 2, paid: 1, cancelled: 1 });
    for (const ind of ['emessi', 'pagati', 'da_pagare', 'annullati']) expect(cell('avvisi_pagopa', 'DIR-SEGR', ind)).toBe('<3');
    expect(cell('avvisi_pagopa', 'DIR-SEGR', 'importo_emesso')).toBe('n.d.');
    expect(cell('avvisi_pagopa', 'DIR-SEGR', 'importo_pagato')).toBe('n.d.');
    // An active item with no notice this month is written too, its counts "<3" and its amounts "n.d.".
    for (const ind of ['emessi', 'pagati', 'da_pagare', 'annullati']) expect(cell('avvisi_pagopa', 'CIE-COMUNE', ind)).toBe('<3');
    expect(cell('avvisi_pagopa', 'CIE-COMUNE', 'importo_emesso')).toBe('n.d.');
  });

  it('holds no codice fiscale, name or address of anyone seeded', () => {
    const both = `${rawCsv}\n${rawMeta}`.toUpperCase();
    const words = new Set(both.split(/[^A-Z0-9À-Ü']+/));
    const found = [...personal].filter((s) => (s.includes(' ') ? both.includes(s.toUpperCase()) : words.has(s.toUpperCase())));
    expect(personal.size).toBeGreaterThan(100);
    expect(found).toEqual([]);
    // Nothing shaped like a codice fiscale either.
    expect(both.match(/[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/g)).toBeNull();
  });

  it('describes itself in DCAT-AP_IT (JSON-LD) and is audited', () => {
    const m = metadata;
    expect(m['@type']).toContain('dcatapit:Dataset');
    expect(m['dct:title']['@value']).toContain(MONTH);
    expect(m['dct:description']['@value']).toContain('<3');
    expect(m['dct:identifier']).toMatch(/^c_[a-z]\d{3}:sportello-attivita-2026-11$/);
    expect(m['dct:publisher']).toMatchObject({
      'foaf:name': expect.stringMatching(/^Comune di /),
      'dct:identifier': expect.stringMatching(/^c_[a-z]\d{3}$/),
    });
    expect(m['dct:temporal']['dcat:startDate']['@value']).toBe('2026-11-01');
    expect(m['dct:temporal']['dcat:endDate']['@value']).toBe('2026-11-30');
    expect(m['dct:accrualPeriodicity']['@id']).toBe('http://publications.europa.eu/resource/authority/frequency/MONTHLY');
    expect(m['dct:issued']['@value']).toBe('2026-12-04');
    expect(m['dct:modified']['@value']).toBe('2026-12-04');
    expect(m['dcat:theme']['@id']).toBe('http://publications.europa.eu/resource/authority/data-theme/GOVE');
    expect(m['dcat:contactPoint']['vcard:hasEmail']['@id']).toBe('mailto:anagrafe@comune.esempio.it');
    const dist = m['dcat:distribution'][0];
    expect(dist['dcat:mediaType']).toBe('text/csv');
    expect(dist['dct:format']['@id']).toBe('http://publications.europa.eu/resource/authority/file-type/CSV');
    expect(dist['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(dist['dcat:downloadURL']['@id']).toMatch(/\.csv$/);
    expect(Number(dist['dcat:byteSize']['@value'])).toBe(Buffer.byteLength(rawCsv, 'utf8'));
    expect(listAudit(db, { entityType: 'open_data', entityId: MONTH }).map((a) => a.action)).toEqual(['stats.open_data.export']);
    expect(verifyAudit(db).ok).toBe(true);
  });

  it('keeps the first export’s day as dct:issued, and refuses a month not yet begun', () => {
    setTestClock('2027-01-15T10:00:00Z');
    const again = JSON.parse(exportOpenData(db, responsabile, { month: MONTH }, Date.now()).metadata.text);
    expect(again['dct:issued']['@value']).toBe('2026-12-04');
    expect(again['dct:modified']['@value']).toBe('2027-01-15');
    expect(again['dcat:contactPoint']['vcard:hasEmail']).toBeUndefined();
    expect(() => exportOpenData(db, responsabile, { month: '2027-02' }, Date.now())).toThrow(
      expect.objectContaining({ code: 'STATS_MONTH_FUTURE' }),
    );
  });

  it('gives the Riepilogo the same month, day by day, and the queue of each platform', () => {
    const r = counterSummary(db, { month: MONTH, nowMs: Date.parse('2026-12-04T10:00:00Z') });
    expect(r).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(r.served).toHaveLength(30);
    const busy = r.served.filter((d) => d.pratiche + d.cie + d.notices > 0);
    expect(Object.fromEntries(busy.map(({ date, ...n }) => [date, n]))).toEqual(Object.fromEntries(expected.days));
    expect(r.notices).toEqual({ paid: 5, unpaid: 3, cancelled: 1 });
    expect(r.cieWait).toMatchObject({ measured: expected.cie.waits.length, medianDays: 14 });
    const queue = Object.fromEntries(
      r.sync.map((p) => [
        p.platform,
        p.days.reduce((a, d) => ({ done: a.done + d.done, attention: a.attention + d.attention, queued: a.queued + d.queued }), {
          done: 0,
          attention: 0,
          queued: 0,
        }),
      ]),
    );
    expect(queue.anpr).toEqual(expected.queue.anpr);
    // Nothing was sent in this test (no platform): no item of any platform is done.
    expect(queue.agenda.done + queue.gpd.done).toBe(0);
  });
});
