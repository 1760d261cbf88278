import { withTx } from '../core/store/tx';
import { appendAudit } from '../core/audit/log';
import type { Operator } from '../core/auth/operators';
import { searchRegistry } from '../core/anagrafe/search';
import {
  addClosure,
  addWalkIn,
  bookAppointment,
  callNextWalkIn,
  cancelBooking,
  confirmBooking,
  dayView,
  findBookingByCode,
  freeStarts,
  dayQuota,
  getBooking,
  getChecklist,
  getSettings,
  getStation,
  listConflicts,
  listStations,
  listWalkIns,
  markArrived,
  markNoShow,
  markReadyForCieOnline,
  openingHours,
  proposeSlots,
  receiptData,
  recordCieOnlinePratica,
  recordPhotoFile,
  remindersCsv,
  remindersFor,
  removeClosure,
  reopenChecklist,
  rescheduleBooking,
  resolveConflict,
  serveWalkIn,
  setOpeningHours,
  createStation,
  updateSettings,
  updateStation,
  updateChecklist,
  walkInLeft,
  type ChecklistView,
  type Closure,
  type Resolution,
} from '../core/cie';
import { addDays } from '../core/cie/calendar';
import { romeDate, romeTime } from '../core/rome-time';
import { ValidationError } from '../core/errors';
import type { Actor } from '../core/store/types';
import type { Procedures } from '../host/dispatch';
import type { cieContract } from '../contracts/cie';
import type { AppServices } from './services';

type CieProcedures = Pick<Procedures, keyof typeof cieContract>;

export function cieProcedures(s: AppServices): CieProcedures {
  const actor = (op: Operator | null): Actor => ({ operatorId: op!.id, workstationId: s.workstation.id });
  /** Reads that show citizens' names or contacts are audited like any read of a person's record. */
  const auditRead = (a: Actor, action: string, entityId: string, detail: Record<string, unknown>) =>
    withTx(s.db, (tx) => appendAudit(tx, a, { action, entityType: 'cie_booking', entityId, detail }));
  /** Something was queued for the booking system: send it now and tell the UI. */
  const queued = <T>(v: T): T => {
    s.notifySync();
    return v;
  };

  const checklistOut = (v: ChecklistView) => {
    const b = getBooking(s.db, v.bookingId);
    const person = b.people.find((p) => p.idx === v.personIdx)!;
    return { ...v, person, booking: { id: b.id, code: b.code, date: b.date, startTime: b.startTime, status: b.status } };
  };

  const bookingDetail = (id: string) => {
    const booking = getBooking(s.db, id);
    const rows = s.db.prepare('SELECT person_idx FROM cie_checklists WHERE booking_id = ? ORDER BY person_idx').all(id) as {
      person_idx: number;
    }[];
    return {
      booking,
      station: getStation(s.db, booking.stationId),
      conflict:
        listConflicts(s.db)
          .filter((c) => c.bookingId === id)
          .pop() ?? null,
      checklists: rows.map((r) => {
        const v = getChecklist(s.db, id, r.person_idx);
        return { personIdx: v.personIdx, state: v.state, missing: v.missing.length, cieOnlinePratica: v.cieOnlinePratica };
      }),
    };
  };

  const futureClosures = (): Closure[] =>
    s.db
      .prepare(
        `SELECT id, station_id AS stationId, date_from AS dateFrom, date_to AS dateTo, from_time AS fromTime, to_time AS toTime, reason
       FROM cie_closures WHERE date_to >= ? ORDER BY date_from, from_time`,
      )
      .all(romeDate(new Date())) as Closure[];

  return {
    'cie.config.get': () => ({
      settings: getSettings(s.db),
      stations: listStations(s.db).map((st) => ({ ...st, hours: openingHours(s.db, st.id) })),
      closures: futureClosures(),
    }),
    'cie.settings.update': (input, ctx) => updateSettings(s.db, actor(ctx.operator), input),
    'cie.stations.create': (input, ctx) => createStation(s.db, actor(ctx.operator), { ...input, remoteId: input.remoteId ?? undefined }),
    'cie.stations.update': ({ id, ...patch }, ctx) =>
      updateStation(s.db, actor(ctx.operator), id, { ...patch, remoteId: patch.remoteId ?? undefined }),
    'cie.hours.set': ({ stationId, ranges }, ctx) => setOpeningHours(s.db, actor(ctx.operator), stationId, ranges),
    'cie.closures.add': (input, ctx) => {
      const r = addClosure(s.db, actor(ctx.operator), input);
      return { closure: r.closure, affected: r.affectedBookingIds.map((id) => getBooking(s.db, id)) };
    },
    'cie.closures.remove': ({ id }, ctx) => {
      removeClosure(s.db, actor(ctx.operator), id);
      return { ok: true as const };
    },

    'cie.day': ({ stationId, date }, ctx) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError('CIE_DATE', 'Data non valida: usare il formato AAAA-MM-GG.', 'date');
      const v = dayView(s.db, stationId, date);
      if (v.bookings.length > 0) auditRead(actor(ctx.operator), 'cie.day.view', stationId, { date, bookings: v.bookings.map((b) => b.id) });
      const now = new Date();
      return { ...v, today: romeDate(now), nowTime: romeTime(now) };
    },
    'cie.freeStarts': ({ stationId, date, people, ignoreQuota, ownBookingId }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        return { starts: [], quota: { total: 0, online: 0, counter: 0, usedOnline: 0, usedCounter: 0 } };
      return {
        starts: freeStarts(s.db, { stationId, date, people, ignoreQuota, ownBookingId, channel: 'counter' }).map((run) => run[0]),
        quota: dayQuota(s.db, stationId, date),
      };
    },
    'cie.registry.search': ({ query }, ctx) => {
      if (query.trim().length < 2) return [];
      return searchRegistry(s.db, actor(ctx.operator), query, 15).map((h) => ({
        id: h.id,
        cognome: h.cognome,
        nome: h.nome,
        codiceFiscale: h.codiceFiscale,
        dataNascita: h.dataNascita,
        indirizzo: h.indirizzo,
      }));
    },
    // A save answers with what the next screen shows, so the clerk sees it without a second call.
    'cie.book': (input, ctx) => queued(bookingDetail(bookAppointment(s.db, actor(ctx.operator), input).id)),
    'cie.booking.get': ({ id }, ctx) => {
      auditRead(actor(ctx.operator), 'cie.booking.view', id, {});
      return bookingDetail(id);
    },
    'cie.booking.findByCode': ({ code }) => {
      const b = findBookingByCode(s.db, code);
      return b ? { id: b.id } : null;
    },
    'cie.booking.cancel': ({ id, reason }, ctx) => queued(cancelBooking(s.db, actor(ctx.operator), id, reason)),
    'cie.booking.reschedule': ({ id, ...move }, ctx) => queued(rescheduleBooking(s.db, actor(ctx.operator), id, move)),
    'cie.booking.arrived': ({ id }, ctx) => markArrived(s.db, actor(ctx.operator), id),
    'cie.booking.noShow': ({ id }, ctx) => markNoShow(s.db, actor(ctx.operator), id),
    'cie.booking.confirm': ({ id, via }, ctx) => queued(confirmBooking(s.db, actor(ctx.operator), id, via)),
    'cie.booking.receipt': async ({ id }, ctx) => {
      const data = receiptData(s.db, id);
      const { renderBookingReceipt } = await import('../core/print/receipt'); // loaded on first print
      const pdf = await renderBookingReceipt(data);
      auditRead(actor(ctx.operator), 'cie.booking.receipt', id, {});
      return { filename: `ricevuta-CIE-${data.code}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
    },
    'cie.pullNow': async () => {
      const r = await s.platforms.pullBookings();
      return { reached: r !== null, applied: r?.applied ?? 0, conflicts: r?.conflicts.length ?? 0 };
    },

    'cie.walkins.list': (_i, ctx) => {
      const list = listWalkIns(s.db, romeDate(new Date()));
      if (list.length > 0)
        withTx(s.db, (tx) =>
          appendAudit(tx, actor(ctx.operator), {
            action: 'cie.walkin.view',
            entityType: 'cie_walkin',
            entityId: '*',
            detail: { count: list.length },
          }),
        );
      return list;
    },
    'cie.walkins.add': (input, ctx) => addWalkIn(s.db, actor(ctx.operator), input),
    'cie.walkins.callNext': (_i, ctx) => callNextWalkIn(s.db, actor(ctx.operator)),
    'cie.walkins.serve': ({ id, ...input }, ctx) => {
      const booking = serveWalkIn(s.db, actor(ctx.operator), id, input);
      return queued({ booking, checklist: checklistOut(getChecklist(s.db, booking.id, 0)) });
    },
    'cie.walkins.left': ({ id }, ctx) => walkInLeft(s.db, actor(ctx.operator), id),

    'cie.conflicts.list': ({ status }, ctx) => {
      const stations = new Map(listStations(s.db).map((st) => [st.id, st.name]));
      const out = listConflicts(s.db, { status }).map((conflict) => ({
        conflict,
        booking: getBooking(s.db, conflict.bookingId),
        stationName: stations.get(conflict.stationId) ?? '',
      }));
      if (out.length > 0) auditRead(actor(ctx.operator), 'cie.conflicts.view', '*', { bookings: out.map((o) => o.booking.id) });
      return out;
    },
    'cie.conflicts.propose': ({ id }) => proposeSlots(s.db, id, { count: 5 }),
    'cie.conflicts.resolve': ({ id, outcome, stationId, date, startTime, toldWhom, toldHow, note }, ctx) => {
      let r: Resolution;
      if (outcome === 'moved') {
        if (!date || !startTime)
          throw new ValidationError('CIE_CONFLICT_SLOT', 'Scegliere il nuovo orario tra quelli proposti.', 'startTime');
        r = { outcome, stationId, date, startTime, toldWhom, toldHow, note: note ?? undefined };
      } else {
        r = { outcome, toldWhom, toldHow, note: note ?? undefined };
      }
      return queued(resolveConflict(s.db, actor(ctx.operator), id, r));
    },

    'cie.checklist.get': ({ bookingId, personIdx }, ctx) => {
      const v = getChecklist(s.db, bookingId, personIdx);
      auditRead(actor(ctx.operator), 'cie.checklist.view', bookingId, { personIdx });
      return checklistOut(v);
    },
    'cie.checklist.update': ({ bookingId, personIdx, patch }, ctx) =>
      checklistOut(updateChecklist(s.db, actor(ctx.operator), bookingId, personIdx, patch)),
    'cie.checklist.photo': ({ bookingId, personIdx, base64 }, ctx) => {
      const file = Buffer.from(base64, 'base64');
      const check = recordPhotoFile(s.db, actor(ctx.operator), bookingId, personIdx, file);
      return { check, checklist: checklistOut(getChecklist(s.db, bookingId, personIdx)) };
    },
    // The clerk's last edits are saved first and stay saved when the checklist is not complete yet.
    'cie.checklist.ready': ({ bookingId, personIdx, patch }, ctx) => {
      if (patch) updateChecklist(s.db, actor(ctx.operator), bookingId, personIdx, patch);
      return checklistOut(markReadyForCieOnline(s.db, actor(ctx.operator), bookingId, personIdx));
    },
    'cie.checklist.reopen': ({ bookingId, personIdx, reason }, ctx) =>
      checklistOut(reopenChecklist(s.db, actor(ctx.operator), bookingId, personIdx, reason)),
    'cie.checklist.pratica': ({ bookingId, personIdx, pratica }, ctx) =>
      checklistOut(recordCieOnlinePratica(s.db, actor(ctx.operator), bookingId, personIdx, pratica)),

    'cie.reminders': ({ date }, ctx) => {
      const day = date ?? addDays(romeDate(new Date()), 1);
      const rows = remindersFor(s.db, day);
      if (rows.length > 0) auditRead(actor(ctx.operator), 'cie.reminders.view', '*', { date: day, count: rows.length });
      return { date: day, rows };
    },
    'cie.reminders.csv': ({ date }, ctx) => {
      const day = date ?? addDays(romeDate(new Date()), 1);
      const rows = remindersFor(s.db, day);
      auditRead(actor(ctx.operator), 'cie.reminders.export', '*', { date: day, count: rows.length });
      return {
        filename: `promemoria-CIE-${day}.csv`,
        mime: 'text/csv;charset=utf-8',
        base64: Buffer.from(remindersCsv(rows), 'utf8').toString('base64'),
      };
    },
  };
}
