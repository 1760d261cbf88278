import { create } from 'zustand';

/** Who pays and for what, handed to the issue screen by IssueNoticeButton (read once, then cleared). */
export interface NoticeDraft {
  debtor: { fullName: string; codiceFiscale: string };
  /** Catalogue codes, e.g. ["CIE-STATO", "CIE-COMUNE"]. */
  items: string[];
  personId?: string | null;
  appointmentId?: string | null;
}

interface DraftStore {
  draft: NoticeDraft | null;
  set(d: NoticeDraft | null): void;
  take(): NoticeDraft | null;
}

export const useNoticeDraft = create<DraftStore>((set, get) => ({
  draft: null,
  set: (draft) => set({ draft }),
  take: () => {
    const d = get().draft;
    if (d) set({ draft: null });
    return d;
  },
}));

/** The nav param of 'pagopa-issue': a person id (plain), or "appointment:<id>" for a CIE appointment. */
export const issueParam = {
  forPerson: (personId: string) => personId,
  forAppointment: (appointmentId: string) => `appointment:${appointmentId}`,
  parse(param: string | null): { personId?: string; appointmentId?: string } | null {
    if (!param) return null;
    if (param.startsWith('appointment:')) return { appointmentId: param.slice('appointment:'.length) };
    if (param.startsWith('person:')) return { personId: param.slice('person:'.length) };
    return { personId: param };
  },
};
