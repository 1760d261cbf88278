/**
 * The Comune's work recorded offline for the IO tests, in the real encrypted store of a data folder
 * the host has started once (demo seed): IO services with the simulator's demo keys, CIE bookings
 * and pagoPA notices for citizens with real-shaped codici fiscali. Also: read the outbox read-only
 * while the host runs, and the simulator's IO controls.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { computeCodiceFiscale } from '../../../electron/core/anagrafe/codice-fiscale';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { daySlots, heldTimes } from '../../../electron/core/cie/slots';
import { listStations } from '../../../electron/core/cie/stations';
import type { IoMessagePayload, IoResult } from '../../../electron/core/io/model';
import { saveIoService } from '../../../electron/core/io/settings';
import { listCatalogue } from '../../../electron/core/pagopa/catalogue';
import { issueNotice } from '../../../electron/core/pagopa/notices';
import { romeDate } from '../../../electron/core/rome-time';
import { getWorkstation } from '../../../electron/core/settings/workstation';
import { openReadOnly } from '../../../electron/core/store/backup';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { DB_FILE_NAME, openStore } from '../../../electron/core/store/store';
import type { Actor, Db } from '../../../electron/core/store/types';
import { itemResult, listItems } from '../../../electron/core/sync/outbox';
import type { OutboxItem } from '../../../electron/core/sync/types';
import { DEMO_IO_SERVICES } from '../../../simulators/io';

const SURNAMES = ['Rossi', 'Bianchi', 'Verdi', 'Russo', 'Ferrari', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino'];
const NAMES = ['Mario', 'Luca', 'Paolo', 'Marco', 'Andrea', 'Giorgio'];

export interface Citizen {
  codiceFiscale: string;
  surname: string;
  givenNames: string;
}

/** `n` distinct citizens (codice fiscale computed from the name and birth date, born in Rome). */
export function citizens(n: number, offset = 0): Citizen[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const surname = SURNAMES[i % SURNAMES.length];
    const givenNames = NAMES[Math.floor(i / SURNAMES.length) % NAMES.length];
    const dataNascita = addDays('1970-01-01', 97 * i);
    return {
      surname,
      givenNames,
      codiceFiscale: computeCodiceFiscale({ cognome: surname, nome: givenNames, sesso: 'M', dataNascita, belfiore: 'H501' }),
    };
  });
}

/** The work of one day, written with the host stopped (the data folder's store opened directly). */
export function withStore<T>(dataDir: string, fn: (db: Db, actor: Actor) => T): T {
  const store = openStore(dataDir, keyFileProvider);
  try {
    return fn(store.db, { operatorId: 'clerk', workstationId: getWorkstation(store.db).id });
  } finally {
    store.db.close();
  }
}

/** The two demo IO services of the simulator, one for CIE appointments, one for notices. */
export function configureIo(db: Db, actor: Actor): void {
  saveIoService(db, actor, { name: DEMO_IO_SERVICES[0].name, apiKey: DEMO_IO_SERVICES[0].keys[0], topics: ['cie'] }, randomUUID);
  saveIoService(db, actor, { name: DEMO_IO_SERVICES[1].name, apiKey: DEMO_IO_SERVICES[1].keys[0], topics: ['pagopa'] }, randomUUID);
}

/** Free slots of the demo station from `fromDay` on (weekdays only), one per booking. */
export function freeSlots(db: Db, fromDay: string, n: number): { stationId: string; date: string; time: string }[] {
  const stationId = listStations(db)[0].id;
  const out: { stationId: string; date: string; time: string }[] = [];
  for (let day = fromDay; out.length < n; day = addDays(day, 1)) {
    if (weekdayOf(day) === 0 || weekdayOf(day) === 6) continue;
    const held = heldTimes(db, stationId, day);
    for (const time of daySlots(db, stationId, day)) if (!held.has(time) && out.length < n) out.push({ stationId, date: day, time });
  }
  return out;
}

export function book(db: Db, actor: Actor, c: Citizen, slot: { stationId: string; date: string; time: string }): string {
  return bookAppointment(db, actor, {
    stationId: slot.stationId,
    date: slot.date,
    startTime: slot.time,
    people: [{ codiceFiscale: c.codiceFiscale, surname: c.surname, givenNames: c.givenNames }],
    channel: 'counter',
    contactPhone: '3331234567',
    overrideQuota: true,
  }).id;
}

export function notice(db: Db, actor: Actor, c: Citizen): string {
  const items = listCatalogue(db).filter((x) => x.code.startsWith('CIE-'));
  return issueNotice(db, actor, {
    debtor: { type: 'F', codiceFiscale: c.codiceFiscale, fullName: `${c.givenNames} ${c.surname}` },
    items: items.slice(0, 1).map((x) => ({ catalogueItemId: x.id })),
    dueDate: addDays(romeDate(), 30),
  }).id;
}

export interface IoItem {
  item: OutboxItem;
  payload: IoMessagePayload;
  result: IoResult | null;
}

/** The IO items of the folder, read-only (the host may be running). */
export function ioItems(dataDir: string): IoItem[] {
  const db = openReadOnly(join(dataDir, DB_FILE_NAME), keyFileProvider.getOrCreateKey(dataDir));
  try {
    return listItems(db, { platform: 'io', limit: 10_000 }).map((item) => ({
      item,
      payload: item.payload as IoMessagePayload,
      result: itemResult(db, item.id) as IoResult | null,
    }));
  } finally {
    db.close();
  }
}

/** Notices pagoPA has not answered yet: their IO message is queued only once it has (core/pagopa queueNoticeIo). */
function gpdCreatesOpen(dataDir: string): number {
  const db = openReadOnly(join(dataDir, DB_FILE_NAME), keyFileProvider.getOrCreateKey(dataDir));
  try {
    return listItems(db, { platform: 'gpd', states: ['pending', 'waiting'], limit: 10_000 }).length;
  } finally {
    db.close();
  }
}

/** Nothing left to send now: no notice waiting for pagoPA, no IO item pending, and only reminders waiting for their day. */
export async function untilSettled(dataDir: string, timeoutMs: number): Promise<IoItem[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const atPagopa = gpdCreatesOpen(dataDir);
    const items = ioItems(dataDir);
    const open = items.filter(
      (i) =>
        i.item.state === 'pending' ||
        (i.item.state === 'waiting' && !(i.payload.sendAfter && Date.parse(i.payload.sendAfter) > Date.now())),
    );
    if (open.length === 0 && atPagopa === 0) return items;
    if (Date.now() > end)
      throw new Error(
        `IO queue not settled: ${atPagopa} notices at pagoPA; ${open.map((i) => `${i.item.state}/${i.item.lastErrorCode}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface StoredMessage {
  id: string;
  fiscal_code: string;
  created_at: string;
  content: {
    subject: string;
    markdown: string;
    due_date?: string;
    payment_data?: { amount: number; notice_number: string; payee: { fiscal_code: string } };
  };
  content_key: string;
  answer_lost: 'reset' | 'timeout' | 'duplicate' | null;
}

const SETUP = { 'x-sim-setup': '1', 'Content-Type': 'application/json' };

export async function simIo(simUrl: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${simUrl}/io/_sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: SETUP,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

export async function storedMessages(simUrl: string): Promise<StoredMessage[]> {
  return ((await simIo(simUrl, 'messages')) as { messages: StoredMessage[] }).messages;
}

/** What the citizen would see: the same fiscal code, subject and text. */
export const contentOf = (fiscalCode: string, subject: string, markdown: string) => `${fiscalCode}\u0000${subject}\u0000${markdown}`;
export const itemContent = (i: IoItem) => contentOf(i.payload.fiscalCode, i.payload.subject, i.payload.markdown);
export const storedContent = (m: StoredMessage) => contentOf(m.fiscal_code, m.content.subject, m.content.markdown);

/** Per content: messages IO stored, not counting the copies the simulator's `duplicate` fault made itself. */
export function storedPerContent(messages: StoredMessage[]): Map<string, { stored: number; lost: StoredMessage['answer_lost'][] }> {
  const m = new Map<string, { stored: number; lost: StoredMessage['answer_lost'][] }>();
  for (const s of messages) {
    const k = storedContent(s);
    const e = m.get(k) ?? { stored: 0, lost: [] };
    if (s.answer_lost !== 'duplicate') e.stored++;
    e.lost.push(s.answer_lost);
    m.set(k, e);
  }
  return m;
}
