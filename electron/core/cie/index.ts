/** The CIE agenda room's public surface, for app.ts, the UI's procedures and the sync wiring. */
export { migrations } from './schema';
export * from './types';
export {
  addClosure,
  closuresOn,
  createStation,
  getSettings,
  getStation,
  listStations,
  openingHours,
  removeClosure,
  setOpeningHours,
  updateSettings,
  updateStation,
} from './stations';
export { dayQuota, daySlots, freeStarts, nextFreeSlots, type DayQuota, type SlotProposal } from './slots';
export {
  bookAppointment,
  cancelBooking,
  confirmBooking,
  findBooking,
  findBookingByCode,
  getBooking,
  listBookings,
  markArrived,
  markNoShow,
  releaseUnconfirmed,
  rescheduleBooking,
  statusLabel,
  type BookInput,
  type MoveInput,
} from './bookings';
export { getConflict, listConflicts, proposeSlots, resolveConflict, type Conflict, type Resolution, type ToldHow } from './conflicts';
export { applyOnlineChanges, confirmationDeadline, pullCursor, type PullResult } from './pull';
export { agendaOutboxHandlers } from './outbox-handlers';
export { dayView, type DayView, type DaySlot } from './day-view';
export { addWalkIn, callNextWalkIn, listWalkIns, serveWalkIn, walkInLeft, type WalkIn } from './walkins';
export {
  getChecklist,
  markReadyForCieOnline,
  recordCieOnlinePratica,
  recordPhotoFile,
  reopenChecklist,
  updateChecklist,
  type ChecklistPatch,
  type ChecklistView,
  type IssueCase,
} from './checklist';
export { checkPhoto, type PhotoCheck } from './photo';
export { remindersCsv, remindersFor, tomorrowReminders, type ReminderRow } from './reminders';
export { receiptData } from './receipt-data';
export {
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
} from './views';
