/**
 * The BrowserWindow settings of the counter window, kept free of Electron imports so a test can
 * hold them to their promises: sandboxed renderer, context isolation, no Node in the page.
 */
export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  devTools: false,
} as const;

export function counterWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Sportello',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}

/** The only origin the counter window may show: the packaged renderer. */
export const APP_SCHEME = 'sportello';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** scheme://host of a URL, or null. (URL.origin is "null" for custom schemes such as sportello://.) */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
