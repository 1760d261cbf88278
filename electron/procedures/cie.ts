import type { Operator } from '../core/auth/operators';
import { hubStationCodes, hubWorkstations } from '../core/cie/hub-mirror';
import { searchRegistry } from '../core/anagrafe/search';
import {
  addClosure,
  addWalkIn,
  bookingDetail,
  bookingReceipt,
  checklistDetail,
  futureClosures,
  viewBooking,
  viewChecklist,
  viewConflicts,
  viewDay,
  viewReminders,
  viewWalkIns,
  bookAppointment,
  callNextWalkIn,
  cancelBooking,
  confirmBooking,
  findBookingByCode,
  freeStarts,
  dayQuota,
  getBooking,
  getChecklist,
  getSettings,
  listStations,
  markArrived,
  markNoShow,
  markReadyForCieOnline,
  openingHours,
  proposeSlots,
  recordCieOnlinePratica,
  recordPhotoFile,
  remindersCsv,
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
  type Resolution,
} from '../core/cie';
import { addDays } from '../core/cie/calendar';
import { romeDate, romeTime } from '../core/rome-time';
import { ValidationError } from '../core/errors';
import type { Actor } from '../core/store/types';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { cieContract } from '../contracts/cie';
import type { AppServices } from './services';

type CieProcedures = Pick<Procedures, keyof typeof cieContract>;

export function cieProcedures(s: AppServices): CieProcedures {
  const actor = (op: Operator | null): Actor => operatorActor(op, s.workstation.id);
  /** Something was queued for the booking system: send it now and tell the UI. */
  const queued = <T>(v: T): T => {
    s.notifySync();
    return v;
  };

  const checklistOut = (v: ChecklistView) => checklistDetail(s.db, v);

  return {
    'cie.config.get': () => ({
      settings: getSettings(s.db),
      stations: listStations(s.db).map((st) => ({ ...st, hours: openingHours(s.db, st.id) })),
      closures: futureClosures(s.db, romeDate(new Date())),
      hubStationCodes: hubStationCodes(s.db),
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
      const v = viewDay(s.db, actor(ctx.operator), stationId, date);
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
    'cie.book': (input, ctx) => queued(bookingDetail(s.db, bookAppointment(s.db, actor(ctx.operator), input).id)),
    'cie.booking.get': ({ id }, ctx) => viewBooking(s.db, actor(ctx.operator), id),
    'cie.booking.findByCode': ({ code }) => {
      const b = findBookingByCode(s.db, code);
      return b ? { id: b.id } : null;
    },
    'cie.booking.cancel': ({ id, reason }, ctx) => queued(cancelBooking(s.db, actor(ctx.operator), id, reason)),
    'cie.booking.reschedule': ({ id, ...move }, ctx) => queued(rescheduleBooking(s.db, actor(ctx.operator), id, move)),
    'cie.booking.arrived': ({ id }, ctx) => queued(markArrived(s.db, actor(ctx.operator), id)),
    'cie.booking.noShow': ({ id }, ctx) => queued(markNoShow(s.db, actor(ctx.operator), id)),
    'cie.booking.confirm': ({ id, via }, ctx) => queued(confirmBooking(s.db, actor(ctx.operator), id, via)),
    'cie.booking.receipt': async ({ id }, ctx) => {
      const { code, pdf } = await bookingReceipt(s.db, actor(ctx.operator), id);
      return { filename: `ricevuta-CIE-${code}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
    },
    'cie.pullNow': async () => {
      const r = await s.platforms.pullBookings();
      return { reached: r !== null, applied: r?.applied ?? 0, conflicts: r?.conflicts.length ?? 0 };
    },

    'cie.walkins.list': (_i, ctx) => viewWalkIns(s.db, actor(ctx.operator), romeDate(new Date())),
    'cie.walkins.add': (input, ctx) => queued(addWalkIn(s.db, actor(ctx.operator), input)),
    'cie.walkins.callNext': (_i, ctx) => queued(callNextWalkIn(s.db, actor(ctx.operator))),
    'cie.walkins.serve': ({ id, ...input }, ctx) => {
      const booking = serveWalkIn(s.db, actor(ctx.operator), id, input);
      return queued({ booking, checklist: checklistOut(getChecklist(s.db, booking.id, 0)) });
    },
    'cie.walkins.left': ({ id }, ctx) => queued(walkInLeft(s.db, actor(ctx.operator), id)),

    'hub.workstations': () => hubWorkstations(s.db),
    'hub.pullNow': async () => {
      const r = await s.platforms.pullHub();
      return { reached: r !== null, bookings: r?.bookings ?? 0, tickets: r?.tickets ?? 0 };
    },
    'hub.resend': (_i, ctx) => queued(s.platforms.resendToHub(actor(ctx.operator))),

    'cie.conflicts.list': ({ status }, ctx) => viewConflicts(s.db, actor(ctx.operator), status),
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

    'cie.checklist.get': ({ bookingId, personIdx }, ctx) => viewChecklist(s.db, actor(ctx.operator), bookingId, personIdx),
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
      return { date: day, rows: viewReminders(s.db, actor(ctx.operator), day) };
    },
    'cie.reminders.csv': ({ date }, ctx) => {
      const day = date ?? addDays(romeDate(new Date()), 1);
      const rows = viewReminders(s.db, actor(ctx.operator), day, true);
      return {
        filename: `promemoria-CIE-${day}.csv`,
        mime: 'text/csv;charset=utf-8',
        base64: Buffer.from(remindersCsv(rows), 'utf8').toString('base64'),
      };
    },
  };
}
