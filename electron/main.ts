/**
 * Electron main process: thin. Opens the store with a key sealed by the OS (safeStorage), builds
 * the app, binds it over IPC, and shows one hardened window: sandboxed, context-isolated, strict
 * CSP, no navigation, no new windows, every permission denied.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from './app';
import { DISABLED_CHROMIUM_FEATURES } from './chromium-features';
import { sealedAnchorKeyProvider } from './core/audit/anchor-key';
import { isSportelloError } from './core/errors';
import { sealedKeyProvider, type KeySealer } from './core/store/key-file';
import { bindIpcHost } from './host/ipc';
import { rehearseWhileOpening } from './rehearsal';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security/csp';
import { APP_ORIGIN, APP_SCHEME, counterWindowOptions, originOf } from './security/window-options';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.commandLine.appendSwitch('disable-features', DISABLED_CHROMIUM_FEATURES.join(','));

const rendererDir = join(__dirname, '..', 'dist', 'renderer');

async function start() {
  await app.whenReady();
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('OS encryption (safeStorage) unavailable: refusing to store the database key in clear.');
  }
  const demo = process.argv.includes('--demo') || !app.isPackaged;
  // The simulators (and their PKI: node-forge, xml-crypto) load in demo mode only.
  const sims = demo ? await (await import('../simulators/demo')).startDemoPlatforms() : null;
  const sealer: KeySealer = {
    seal: (plain) => safeStorage.encryptString(plain),
    unseal: (sealed) => safeStorage.decryptString(sealed),
  };
  const sportello = createApp({
    dataDir: app.getPath('userData'),
    keys: sealedKeyProvider(sealer),
    anchorKeys: sealedAnchorKeyProvider(sealer),
    demo,
    endpoints: sims?.endpoints,
  });

  // Our files only, under sportello://app/, each with the CSP.
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const rel = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir)) return new Response('', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );

  const win = new BrowserWindow(counterWindowOptions(join(__dirname, 'preload.cjs')));
  win.webContents.on('will-navigate', (e, url) => {
    if (originOf(url) !== APP_ORIGIN) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Official pages the clerk may need (e.g. CIEOnline) open in the system browser, never in-app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const unbind = bindIpcHost(sportello, ipcMain, win.webContents, APP_ORIGIN);
  win.once('ready-to-show', () => win.show());
  void rehearseWhileOpening(sportello.services.log);
  await win.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('window-all-closed', async () => {
    unbind();
    await sportello.close();
    await sims?.close();
    app.quit();
  });
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (originOf(url) !== APP_ORIGIN) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

start().catch((e) => {
  // Sportello already open on this folder, a read-only or full data folder, a key that does not
  // open the database: said in Italian, as browser mode does, with exit code 3.
  if (isSportelloError(e)) {
    dialog.showErrorBox('Sportello', `${e.userMessage} [${e.code}]`);
    app.exit(3);
    return;
  }
  console.error(e);
  app.exit(1);
});
