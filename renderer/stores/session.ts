import { create } from 'zustand';
import type { OutputOf } from '../../electron/contract';
import { call, onEvent } from '../api';

export type SessionView = OutputOf<'session.get'>;
export type SyncStatus = OutputOf<'sync.status'>;

interface SessionStore {
  session: SessionView | null;
  sync: SyncStatus | null;
  set(session: SessionView): void;
  refreshSync(): Promise<void>;
  load(): Promise<void>;
}

export const useSession = create<SessionStore>((set, get) => ({
  session: null,
  sync: null,
  set: (session) => set({ session }),
  async refreshSync() {
    if (get().session?.status !== 'active') return;
    try {
      set({ sync: await call('sync.status', {}) });
    } catch {
      /* locked or signed out meanwhile: the session event will say so */
    }
  },
  async load() {
    const session = await call('session.get', {});
    set({ session });
    onEvent('session', (s) => {
      set({ session: s });
      if (s.status === 'active') void get().refreshSync();
    });
    onEvent('sync', (sync) => set({ sync }));
    await get().refreshSync();
  },
}));
