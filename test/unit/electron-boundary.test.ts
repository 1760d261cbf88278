import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISABLED_CHROMIUM_FEATURES } from '../../electron/chromium-features';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';
import { counterWindowOptions, SECURE_WEB_PREFERENCES } from '../../electron/security/window-options';
import { ROOT } from '../support/serve';

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
});
