/**
 * With several counters (the Comune hub), each PC exports only what it did itself, named after its
 * workstation: the Comune's figure is the sum of its counters' files, so a booking every counter
 * pulled (online) or mirrored (another counter's) is counted in none. Without a hub, nothing
 * changes. And a type or catalogue item with no case in the month is still written, as "<3".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRATICA_CODES } from '../../../electron/core/anagrafe/pratica-model';
import { bookAppointment, markArrived, markNoShow } from '../../../electron/core/cie/bookings';
import { applyHubSnapshot } from '../../../electron/core/cie/hub-mirror';
import { applyOnlineChanges } from '../../../electron/core/cie/pull';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { updateCatalogueItem } from '../../../electron/core/pagopa/catalogue';
import { exportOpenData, type OpenDataExport } from '../../../electron/core/stats/open-data';
import { saveHubJoin } from '../../../electron/core/settings/hub';
import { saveComune, saveWorkstation } from '../../../electron/core/settings/production';
import type { Db } from '../../../electron/core/store/types';
import { setTestClock } from '../../support/clock';
import { openTestDb, type TestDb } from '../../support/db';
import { clerk, responsabile, seed } from '../../unit/pagopa/fixtures';

const MONTH = '2026-11';
const ORVIETO = { nome: 'Orvieto', codiceIstat: '055023', codiceCatastale: 'G148', provincia: 'TR', cap: '05018', cfEnte: '81001580550' };

/** The same month on one PC: 4 counter bookings (3 served, 1 no-show), 3 online ones served, 1 of another counter. */
function seedMonth(db: Db): void {
  const station = createStation(db, responsabile, {
    name: 'Postazione CIE',
    place: 'Piano terra',
    remoteId: 'SEDE-1',
    onlineQuotaPercent: 50,
  }).id;
  setOpeningHours(
    db,
    responsabile,
    station,
    [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
  );
  const days = ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
  days.forEach((date, i) => {
    const b = bookAppointment(db, clerk, {
      stationId: station,
      date,
      startTime: '10:00',
      people: [{ surname: `Cognome${i}`, givenNames: `Nome${i}` }],
      channel: 'counter',
      contactPhone: '+39 333 765 4321',
      now: new Date('2026-10-20T10:00:00Z'),
    });
    const day = new Date(`${date}T10:30:00Z`);
    if (i < 3) markArrived(db, clerk, b.id, day);
    else markNoShow(db, clerk, b.id, day);
  });
  const online = ['2026-11-10', '2026-11-11', '2026-11-12'];
  applyOnlineChanges(
    db,
    clerk,
    online.map((date, i) => ({
      seq: i + 1,
      type: 'booked' as const,
      at: '2026-10-25T07:00:00.000Z',
      booking: {
        bookingId: `onl-${i}`,
        code: `WONL${i}234`,
        stationId: 'SEDE-1',
        date,
        times: ['09:00'],
        channel: 'online' as const,
        status: 'booked' as const,
        confirmed: true,
        revision: 1,
        people: [{ surname: `Online${i}`, givenNames: 'Carla' }],
      },
    })),
    '3',
  );
  for (const [i, date] of online.entries()) {
    const id = (db.prepare('SELECT id FROM cie_bookings WHERE remote_id = ?').get(`onl-${i}`) as { id: string }).id;
    markArrived(db, clerk, id, new Date(`${date}T08:30:00Z`));
  }
}

function csvOf(out: OpenDataExport): string[][] {
  // No cell of this export holds a comma or a quote except the descriptions, which the test does not read.
  return out.csv.text
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(','));
}
const value = (rows: string[][], dataset: string, categoria: string, indicatore: string) =>
  rows.filter((r) => r[1] === dataset && r[2] === categoria && r.at(-3) === indicatore).map((r) => r.at(-2));

describe('the open data of one counter among several', () => {
  const stores: TestDb[] = [];
  let single: OpenDataExport;
  let counter: OpenDataExport;
  let empty: OpenDataExport;
  const open = () => {
    const s = openTestDb();
    stores.push(s);
    saveWorkstation(s.db, responsabile, { number: 5, name: 'Sportello 5', cieStationId: null });
    saveComune(s.db, responsabile, ORVIETO, 5);
    return s.db;
  };

  beforeAll(() => {
    setTestClock('2026-10-20T10:00:00Z');
    const a = open();
    const cat = seed(a);
    updateCatalogueItem(a, responsabile, cat.segreteria.id, { ...cat.segreteria, active: false });
    seedMonth(a);

    const b = open();
    seed(b);
    saveHubJoin(
      b,
      responsabile,
      { url: 'postgresql://hub.comune.local/sportello', role: 'sportello_ws_5', password: 'segreta-ws-5', number: 5 },
      '2026-10-01T08:00:00.000Z',
    );
    seedMonth(b);
    // Another counter's booking, as mirrored from the hub.
    applyHubSnapshot(
      b,
      clerk,
      {
        full: true,
        bookings: [
          {
            bookingId: 'ws3-1',
            workstation: 3,
            stationId: 'SEDE-1',
            date: '2026-11-17',
            times: ['09:00'],
            status: 'arrived',
            citizenLabel: null,
            updatedAt: '2026-11-17T09:00:00.000Z',
          },
        ],
        tickets: [],
        workstations: [],
      },
      new Date('2026-11-17T09:05:00Z'),
    );

    setTestClock('2026-12-04T10:00:00Z');
    single = exportOpenData(a, responsabile, { month: MONTH }, Date.now());
    counter = exportOpenData(b, responsabile, { month: MONTH }, Date.now());
    empty = exportOpenData(a, responsabile, { month: '2026-10' }, Date.now());
  });
  afterAll(() => {
    for (const s of stores) s.cleanup();
  });

  it('without a hub, is the Comune’s, online bookings counted', () => {
    const rows = csvOf(single);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'prenotati')).toEqual(['7']);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'serviti')).toEqual(['6']);
    expect(single.csv.filename).toBe('dati-aperti-sportello-c_g148-2026-11.csv');
    const m = JSON.parse(single.metadata.text);
    expect(m['dct:identifier']).toBe('c_g148:sportello-attivita-2026-11');
    expect(m['dct:title']['@value']).toBe('Attività dello sportello anagrafe: 2026-11');
    expect(m['dct:description']['@value']).not.toMatch(/postazion/i);
  });

  it('with a hub, names the workstation and counts only its own bookings', () => {
    const rows = csvOf(counter);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'prenotati')).toEqual(['4']);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'serviti')).toEqual(['3']);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'non_presentati')).toEqual(['<3']);
    expect(counter.csv.filename).toBe('dati-aperti-sportello-c_g148-postazione-5-2026-11.csv');
    expect(counter.metadata.filename).toBe('dati-aperti-sportello-c_g148-postazione-5-2026-11.jsonld');
    const m = JSON.parse(counter.metadata.text);
    expect(m['dct:identifier']).toBe('c_g148:sportello-postazione-5-attivita-2026-11');
    expect(m['dct:title']['@value']).toContain('postazione 5 "Sportello 5"');
    const d: string = m['dct:description']['@value'];
    expect(d).toContain('postazione 5 ("Sportello 5")');
    expect(d).toContain('somma dei file delle sue postazioni');
    expect(d).toContain('online');
    expect(m['dcat:distribution'][0]['dcat:downloadURL']['@id']).toBe(counter.csv.filename);
    expect(m['dct:publisher']['foaf:name']).toBe('Comune di Orvieto');
    expect(counter.csv.text + counter.metadata.text).not.toContain('segreta-ws-5');
  });

  it('writes every pratica type and every active catalogue item of a month with no case, as "<3"', () => {
    const rows = csvOf(empty);
    for (const code of PRATICA_CODES) {
      expect(value(rows, 'pratiche_anagrafe', code, 'totale'), code).toEqual(['<3']);
      for (const o of ['applicata', 'respinta', 'in_attesa', 'annullata'])
        expect(value(rows, 'pratiche_anagrafe', code, `esito_${o}`)).toEqual(['<3']);
    }
    for (const code of ['CIE-STATO', 'CIE-COMUNE']) {
      for (const ind of ['emessi', 'pagati', 'da_pagare', 'annullati'])
        expect(value(rows, 'avvisi_pagopa', code, ind), code).toEqual(['<3']);
      expect(value(rows, 'avvisi_pagopa', code, 'importo_emesso')).toEqual(['n.d.']);
    }
    // An item withdrawn from the catalogue, with no notice, is not a category any more.
    expect(rows.some((r) => r[2] === 'DIR-SEGR')).toBe(false);
    expect(value(rows, 'appuntamenti_cie', 'appuntamenti', 'prenotati')).toEqual(['<3']);
    expect(rows.filter((r) => r[1] === 'appuntamenti_cie')).toHaveLength(5 + 7);
  });
});
