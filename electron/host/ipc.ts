/**
 * Electron host: binds the contract over IPC. Written against a minimal interface of ipcMain and
 * webContents so it needs no Electron import (electron/main.ts hands the real ones in). Every call
 * is checked to come from our own window and frame, then goes through the same dispatcher.
 */
import type { App } from '../app';
import { events, type EventName } from '../contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../ipc-channels';
import { originOf } from '../security/window-options';

export interface IpcSender {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface IpcInvokeEvent {
  sender: IpcSender;
  senderFrame: { url: string; parent: unknown | null } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function bindIpcHost(app: App, ipcMain: IpcMainLike, window: IpcSender, trustedOrigin: string): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, name, input) => {
    const frame = event.senderFrame;
    const trusted = event.sender.id === window.id && frame !== null && frame.parent === null && originOf(frame.url) === trustedOrigin;
    if (!trusted) return { ok: false, error: { code: 'HOST_SENDER', message: 'Richiesta da una finestra non ammessa.' } };
    if (typeof name !== 'string') return { ok: false, error: { code: 'CONTRACT_UNKNOWN', message: 'Operazione sconosciuta.' } };
    return app.dispatch(name, input);
  });
  const offs = (Object.keys(events) as EventName[]).map((e) =>
    app.on(e, (payload) => {
      if (!window.isDestroyed()) window.send(EVENT_CHANNEL, e, payload);
    }),
  );
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    offs.forEach((off) => off());
  };
}
