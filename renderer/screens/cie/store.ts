import { create } from 'zustand';
import type { OutputOf } from '../../../electron/contract';
import { romeDate } from '../../../electron/core/rome-time';

/** Which part of the agenda screen is shown; other CIE screens open a booking through it. */
export type CieView =
  | { kind: 'day' }
  | { kind: 'book'; time?: string }
  | { kind: 'booking'; id: string; shown?: OutputOf<'cie.booking.get'> }
  | { kind: 'checklist'; bookingId: string; personIdx: number; shown?: OutputOf<'cie.checklist.get'> };
// `shown`: what the save that opened the view already answered, drawn at once without asking again.

interface CieStore {
  stationId: string | null;
  date: string;
  view: CieView;
  /** A confirmation to show once on the next view (e.g. "Prenotazione registrata"). */
  flash: string | null;
  setStation(id: string): void;
  setDate(date: string): void;
  open(view: CieView, flash?: string | null): void;
  takeFlash(): string | null;
}

export { addDays } from '../../../electron/core/rome-time';

/** "martedì 24 novembre 2026" */
export function longDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

export const useCie = create<CieStore>((set, get) => ({
  stationId: null,
  date: romeDate(),
  view: { kind: 'day' },
  flash: null,
  setStation: (stationId) => set({ stationId }),
  setDate: (date) => set({ date }),
  open: (view, flash = null) => set({ view, flash }),
  takeFlash: () => {
    const f = get().flash;
    if (f) set({ flash: null });
    return f;
  },
}));
