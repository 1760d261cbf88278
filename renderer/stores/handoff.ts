import { create } from 'zustand';
import type { OutputOf } from '../../electron/contract';
import { useSession } from './session';

export type AnprPersonFound = OutputOf<'anagrafe.anpr.consult'>['persons'][number];

interface HandoffStore {
  /** The ANPR record the clerk chose to register with a 1002 ("Cerca in ANPR"); read once by the form. */
  anprPerson: AnprPersonFound | null;
  handOver(p: AnprPersonFound): void;
  clear(): void;
}

/** Data one screen hands to the next (personal: cleared once used, and when the session ends or locks). */
export const useHandoff = create<HandoffStore>((set) => ({
  anprPerson: null,
  handOver: (anprPerson) => set({ anprPerson }),
  clear: () => set({ anprPerson: null }),
}));

useSession.subscribe((s) => {
  if (s.session?.status !== 'active' && useHandoff.getState().anprPerson) useHandoff.getState().clear();
});
