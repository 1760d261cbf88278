/**
 * The IO room on the real encrypted store: with no IO service nothing changes; the responsabile's
 * services keep their keys secret (never shown back, never in the audit, never in clear on disk);
 * messages are queued in the booking's and the notice's own transaction, within IO's limits and
 * with only the markdown IO renders, a notice's with its payment data.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingDetail } from '../../../electron/core/cie/views';
import { IO_MARKDOWN_MAX, IO_MARKDOWN_MIN, IO_SUBJECT_MAX, IO_SUBJECT_MIN, type IoMessagePayload } from '../../../electron/core/io/model';
import { getIoSettings, ioSettingsView, saveIoEndpoint, saveIoService } from '../../../electron/core/io/settings';
import { noticeIoStatus, queueCounts, scheduledReminders } from '../../../electron/core/io/status';
import { listCatalogue } from '../../../electron/core/pagopa/catalogue';
import { GPD_KIND_CREATE } from '../../../electron/core/pagopa/gpd-model';
import { cancelNotice, getNotice, issueNotice } from '../../../electron/core/pagopa/notices';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { withTx } from '../../../electron/core/store/tx';
import { getPagopaSettings } from '../../../electron/core/pagopa/settings';
import { addDays, romeDate } from '../../../electron/core/rome-time';
import { listItems } from '../../../electron/core/sync/outbox';
import { pagopaStore } from '../../support/pagopa-fixture';
import { fileContains, tempDir } from '../../support/tmp';
import { book, citizens, freeSlots, notice } from './io-fixture';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function store() {
  const t = tempDir();
  const s = pagopaStore(t.dir);
  cleanup = () => {
    s.db.close();
    t.cleanup();
  };
  return s;
}

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** What the sync engine does when pagoPA answers "created": the gpd.create handler's onDone, in a transaction. */
function gpdCreated(db: Parameters<typeof listItems>[0], noticeId: string): void {
  const [item] = listItems(db, { platform: 'gpd', businessId: noticeId }).filter((i) => i.kind === GPD_KIND_CREATE);
  const handler = gpdOutboxHandlers.find((h) => h.kind === GPD_KIND_CREATE)!;
  withTx(db, (tx) => handler.onDone?.(tx, item, { status: 'VALID' }));
}
const ioOf = (db: Parameters<typeof listItems>[0], id: string) => listItems(db, { platform: 'io', businessId: id });

describe('the IO room', () => {
  it('with no IO service: bookings and notices queue nothing for IO, and say so', () => {
    const { db, actor } = store();
    const [c] = citizens(1, 400);
    const b = book(db, actor, c, freeSlots(db, addDays(romeDate(), 10), 1)[0]);
    const n = notice(db, actor, c);
    expect(listItems(db, { platform: 'io' })).toEqual([]);
    expect(bookingDetail(db, b).io).toEqual({ configured: false, messages: [], note: null });
    expect(noticeIoStatus(db, n)).toEqual({ configured: false, messages: [], note: null });
  });

  it('keys are never shown back, never audited, never in clear on disk; a blank key keeps the saved one', () => {
    const { db, actor } = store();
    const v = saveIoService(db, actor, { name: 'Servizi demografici', apiKey: KEY, topics: ['cie', 'pagopa'] }, randomUUID);
    expect(v.keyHint).toBe('••••8f90');
    expect(JSON.stringify(ioSettingsView(db))).not.toContain(KEY);
    // Edited without a key: the key stays; the topic moves to the new service (one service per kind of message).
    saveIoService(db, actor, { id: v.id, name: 'Servizi demografici e CIE', apiKey: '', topics: ['cie', 'pagopa'] }, randomUUID);
    expect(getIoSettings(db)!.services[0].apiKey).toBe(KEY);
    saveIoService(db, actor, { name: 'Pagamenti', apiKey: `${KEY.slice(2)}zz`, topics: ['pagopa'] }, randomUUID);
    expect(ioSettingsView(db).services.map((s) => [s.name, s.topics])).toEqual([
      ['Servizi demografici e CIE', ['cie']],
      ['Pagamenti', ['pagopa']],
    ]);
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'settings.change' AND entity_id = 'io'").all() as {
      detail: string;
    }[];
    expect(audit).toHaveLength(3);
    for (const a of audit) expect(a.detail).not.toContain(KEY.slice(4));
    expect(JSON.parse(audit[1].detail).fields).toEqual(['name']);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const onDisk = readFileSync(db.name);
    expect(fileContains(onDisk, KEY)).toBe(false);
    expect(() => saveIoService(db, actor, { name: 'Altro', apiKey: 'corta', topics: ['cie'] }, randomUUID)).toThrow(/Chiave del servizio/);
    // The API's base path pasted with the host is dropped: the adapter adds /api/v1 itself.
    saveIoEndpoint(db, actor, 'https://api.io.pagopa.it/api/v1/');
    expect(ioSettingsView(db).endpoint).toBe('https://api.io.pagopa.it');
  });

  it('queues, in the same transaction, Italian messages within IO limits; the notice carries its payment data', () => {
    const { db, actor } = store();
    saveIoService(db, actor, { name: 'Servizi del Comune', apiKey: KEY, topics: ['cie', 'pagopa'] }, randomUUID);
    const [c, d] = citizens(2, 410);
    const b = book(db, actor, c, freeSlots(db, addDays(romeDate(), 10), 1)[0]);
    const n = notice(db, actor, d);
    // The notice's message waits for pagoPA: queued when pagoPA has the position, not before.
    expect(ioOf(db, n)).toEqual([]);
    expect(noticeIoStatus(db, n, true).note).toMatch(/parte appena pagoPA ha registrato/);
    gpdCreated(db, n);
    const forBooking = ioOf(db, b).map((i) => i.payload as IoMessagePayload);
    expect(forBooking.map((p) => p.purpose)).toEqual(['cie.confirmation', 'cie.reminder']);
    const [forNotice] = ioOf(db, n).map((i) => i.payload as IoMessagePayload);
    const nv = getNotice(db, n)!;
    expect(forNotice.paymentData).toEqual({
      amount: nv.totalCents,
      noticeNumber: nv.options[0].nav,
      payeeFiscalCode: getPagopaSettings(db)!.cfEnte,
    });
    for (const p of [...forBooking, forNotice]) {
      expect(p.subject.length).toBeGreaterThanOrEqual(IO_SUBJECT_MIN);
      expect(p.subject.length).toBeLessThanOrEqual(IO_SUBJECT_MAX);
      expect(p.markdown.length).toBeGreaterThanOrEqual(IO_MARKDOWN_MIN);
      expect(p.markdown.length).toBeLessThanOrEqual(IO_MARKDOWN_MAX);
      // Only headings, bold and bullet lists: no links, images, tables, code or HTML.
      expect(p.markdown).not.toMatch(/[[\]<>|`]/);
    }
    expect(forBooking[0].markdown).toContain('## Cosa portare');
    expect(forNotice.markdown).toContain(nv.options[0].nav);
    // The booking's view: a confirmation queued, a reminder scheduled for 09:00 of the day before;
    // the queue's counts do not call the scheduled reminder late.
    expect(bookingDetail(db, b).io.messages.map((m) => m.state)).toEqual(['queued', 'scheduled']);
    expect(scheduledReminders(db, new Date().toISOString())).toBe(1);
    expect(queueCounts(db, new Date()).io.waiting).toBe(0);
    // Past its hour and still waiting: late, counted as IO "to send" (the counts take `now`).
    const due = ioOf(db, b).find((i) => i.state === 'waiting')!.nextAttemptAt!;
    expect(queueCounts(db, new Date(Date.parse(due) + 1000)).io.waiting).toBe(1);
    // Queued in the business record's transaction: its audit entry and the booking's share it.
    const queued = db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'io.message.queue' AND entity_id IN (?, ?)")
      .get(b, n) as { n: number };
    expect(queued.n).toBe(3);
  });

  it('a notice’s message never leaves for a position pagoPA refused or a cancelled notice; cancelling withdraws it', () => {
    const { db, actor } = store();
    saveIoService(db, actor, { name: 'Pagamenti del Comune', apiKey: KEY, topics: ['pagopa'] }, randomUUID);
    const [a, b] = citizens(2, 430);
    // Cancelled before pagoPA answered: pagoPA's later "created" queues nothing.
    const early = notice(db, actor, a);
    cancelNotice(db, actor, early, 'Emesso per errore');
    gpdCreated(db, early);
    expect(ioOf(db, early)).toEqual([]);
    // Published, message queued, then cancelled: the message not sent yet is withdrawn (audited).
    const late = notice(db, actor, b);
    gpdCreated(db, late);
    expect(ioOf(db, late).map((i) => i.state)).toEqual(['pending']);
    cancelNotice(db, actor, late, 'Importo errato');
    expect(ioOf(db, late).map((i) => i.state)).toEqual(['discarded']);
    const audit = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sync.withdraw' AND entity_id = ?").get(late) as {
      n: number;
    };
    expect(audit.n).toBe(1);
  });

  it('a company (persona giuridica) gets no IO message; the notice says why', () => {
    const { db, actor } = store();
    saveIoService(db, actor, { name: 'Pagamenti del Comune', apiKey: KEY, topics: ['pagopa'] }, randomUUID);
    const items = listCatalogue(db).filter((x) => x.code.startsWith('CIE-'));
    const n = issueNotice(db, actor, {
      debtor: { type: 'G', codiceFiscale: '12345678901', fullName: 'Esempio Srl' },
      items: items.slice(0, 1).map((x) => ({ catalogueItemId: x.id })),
      dueDate: addDays(romeDate(), 30),
    }).id;
    expect(ioOf(db, n)).toEqual([]);
    expect(noticeIoStatus(db, n).note).toMatch(/persona giuridica/);
  });
});
