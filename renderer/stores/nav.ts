import { create } from 'zustand';

interface NavStore {
  screen: string;
  /** Optional argument of the screen (e.g. the person shown). */
  param: string | null;
  go(screen: string, param?: string | null): void;
}

export const useNav = create<NavStore>((set) => ({
  screen: 'home',
  param: null,
  go: (screen, param = null) => set({ screen, param }),
}));
