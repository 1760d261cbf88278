import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISABLED_CHROMIUM_FEATURES } from '../../electron/chromium-features';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';
import { counterWindowOptions, SECURE_WEB_PREFERENCES } from '../../electron/security/window-options';
import { ROOT } from '../support/serve';
import { tempDir } from '../support/tmp';

// Which files may import `electron` is a dependency rule (.dependency-cruiser.cjs, only-main-and-preload-import-electron).
describe('Electron boundary', () => {
  it('the counter window stays sandboxed, isolated and Node-free', () => {
    const opts = counterWindowOptions('/x/preload.cjs');
    expect(opts.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(SECURE_WEB_PREFERENCES.sandbox).toBe(true);
  });

  it('main.ts builds its window from those options and enforces the CSP, navigation and permission rules', () => {
    const main = readFileSync(join(ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toMatch(/new BrowserWindow\(counterWindowOptions\(/);
    expect(main).not.toMatch(/webPreferences\s*:/); // no second, weaker set of preferences
    expect(main).toMatch(/'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(main).toMatch(/setWindowOpenHandler/);
    expect(main).toMatch(/will-navigate/);
    expect(main).toMatch(/app\.enableSandbox\(\)/);
  });

  it('the CSP allows only our own code', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('the shell turns off the Chromium features the counter does without, before the app is ready, and the UI tests do too', () => {
    const main = readFileSync(join(ROOT, 'electron/main.ts'), 'utf8');
    const switchAt = main.indexOf("app.commandLine.appendSwitch('disable-features', DISABLED_CHROMIUM_FEATURES.join(','))");
    expect(switchAt).toBeGreaterThan(-1);
    expect(switchAt).toBeLessThan(main.indexOf('await app.whenReady()'));
    expect(DISABLED_CHROMIUM_FEATURES).toContain('DeferRendererTasksAfterInput');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the test looks for this template literal in the source
    const switchInSource = "`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`";
    expect(readFileSync(join(ROOT, 'test/support/browser.ts'), 'utf8')).toContain(switchInSource);
  });

  it('the preload is built as one file that requires only electron, with the channels the host listens on', () => {
    // A sandboxed preload cannot load a chunk of ours: the channels it shares with host/ipc.ts must be copied in.
    const out = tempDir('sportello-preload-');
    try {
      const vite = join(ROOT, 'node_modules/.bin/vite');
      execFileSync(vite, ['build', '-c', 'vite.electron.config.ts', '--mode', 'preload', '--outDir', out.dir, '--logLevel', 'error'], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      expect(readdirSync(out.dir)).toEqual(['preload.cjs']);
      const preload = readFileSync(join(out.dir, 'preload.cjs'), 'utf8');
      expect([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
      expect(preload).toContain(JSON.stringify(CALL_CHANNEL));
      expect(preload).toContain(JSON.stringify(EVENT_CHANNEL));
    } finally {
      out.cleanup();
    }
  });
});
