/**
 * Preload (sandboxed): exposes exactly two functions to the page, `call` and `on`, over fixed
 * channels. The page never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';

contextBridge.exposeInMainWorld('sportello', {
  call: (name: string, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, String(name), input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
});
