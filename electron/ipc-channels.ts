/**
 * The two IPC channels between the preload and the Electron host (host/ipc.ts): the page's calls and
 * the back end's events. Constants only, importing nothing: the sandboxed preload can load no module
 * of ours at run time, so the build copies them into preload.cjs (vite.electron.config.ts).
 */
export const CALL_CHANNEL = 'sportello:call';
export const EVENT_CHANNEL = 'sportello:event';
