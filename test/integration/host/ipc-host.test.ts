/**
 * The Electron IPC binding, exercised with a stand-in for Electron's ipcMain (the binary cannot
 * run here): every call goes through the same dispatcher, and calls from another window, a
 * sub-frame or a foreign origin are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { bindIpcHost, type IpcInvokeEvent, type IpcMainLike } from '../../../electron/host/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/ipc-channels';
import { APP_ORIGIN } from '../../../electron/security/window-options';
import { tempDir } from '../../support/tmp';

class IpcMainStandIn implements IpcMainLike {
  handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(event: IpcInvokeEvent, ...args: unknown[]) {
    return this.handlers.get(CALL_CHANNEL)!(event, ...args) as Promise<any>;
  }
}

describe('Electron IPC host (bound without Electron)', () => {
  const data = tempDir();
  let app: App;
  const ipc = new IpcMainStandIn();
  const sent: unknown[][] = [];
  const window = { id: 7, send: (...a: unknown[]) => sent.push(a), isDestroyed: () => false };
  const ours: IpcInvokeEvent = { sender: window, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
  let unbind: () => void;

  beforeAll(() => {
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    unbind = bindIpcHost(app, ipc, window, APP_ORIGIN);
  });
  afterAll(async () => {
    unbind();
    await app.close();
    data.cleanup();
  });

  it('answers our window through the dispatcher, with the same validation', async () => {
    expect((await ipc.invoke(ours, 'session.get', {})).ok).toBe(true);
    const bad = await ipc.invoke(ours, 'session.login', { username: ['x'] });
    expect(bad.error.code).toBe('CONTRACT_INPUT');
    expect((await ipc.invoke(ours, 42, {})).error.code).toBe('CONTRACT_UNKNOWN');
    expect((await ipc.invoke(ours, 'operators.list', {})).error.code).toBe('AUTH_REQUIRED');
  });

  it('refuses another window, a sub-frame and a foreign origin', async () => {
    const other = { ...ours, sender: { ...window, id: 8 } };
    const subFrame = { ...ours, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } };
    const foreign = { ...ours, senderFrame: { url: 'https://evil.example/', parent: null } };
    for (const ev of [other, subFrame, foreign, { ...ours, senderFrame: null }]) {
      expect((await ipc.invoke(ev, 'session.get', {})).error.code).toBe('HOST_SENDER');
    }
  });

  it('sends events to the window over the event channel', async () => {
    await ipc.invoke(ours, 'session.setup', { displayName: 'Ivo Ipc', username: 'ivo', password: 'segreta123' });
    expect(sent.some(([channel, name]) => channel === EVENT_CHANNEL && name === 'session')).toBe(true);
    unbind();
    expect(ipc.handlers.has(CALL_CHANNEL)).toBe(false);
  });
});
