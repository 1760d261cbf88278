import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DISABLED_CHROMIUM_FEATURES } from '../../electron/chromium-features';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/**
 * Chromium for the UI tests, with the features the counter's shell turns off turned off here too;
 * `chromiumDefaults`: as it comes (a baseline for the day's scenario).
 */
/** `lang`: the browser's language (`--lang`), e.g. 'en-US' to check the screens do not follow it. */
export async function launchChromium(opts: { chromiumDefaults?: boolean; lang?: string } = {}): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not installed: run scripts/install-system-deps.sh');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...(opts.chromiumDefaults ? [] : [`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`]),
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
    // Chromium on Linux also reads the language from the environment.
    ...(opts.lang ? { env: { ...definedEnv(), LANG: `${opts.lang.replace('-', '_')}.UTF-8`, LANGUAGE: opts.lang } } : {}),
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page and returns serious and critical
 * violations. Evaluated through the DevTools protocol, so the page's CSP stays in force.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
}

/** Collects CSP violations and page errors, so a test can insist there are none. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** First start: creates the responsabile through the real form and waits for the home screen. */
export async function createResponsabile(
  page: Page,
  who: { displayName: string; username: string; codiceFiscale?: string; password?: string },
): Promise<void> {
  const password = who.password ?? 'segreta123';
  await page.getByLabel('Nome e cognome').fill(who.displayName);
  await page.getByLabel('Nome utente').fill(who.username);
  if (who.codiceFiscale) await page.getByLabel(/Codice fiscale/).fill(who.codiceFiscale);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Ripeti la password').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Buongiorno/ }).waitFor();
}

/** Fails the test, naming the screen and the rules, if axe finds a serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const v = await seriousA11yViolations(page);
  if (v.length) throw new Error(`${screen}: accessibility violations ${JSON.stringify(v, null, 1)}`);
}

let photo: Buffer | null = null;
/** A real JPEG from Chromium's encoder, 600×780 px (35×45 mm at 435 dpi), for the CIE photo check; made once. */
export async function photoJpeg(page: Page): Promise<Buffer> {
  if (photo) return photo;
  const bytes = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 600;
    c.height = 780;
    const g = c.getContext('2d')!;
    g.fillStyle = '#e8eef4';
    g.fillRect(0, 0, 600, 780);
    g.fillStyle = '#c69c6d';
    g.beginPath();
    g.ellipse(300, 340, 150, 200, 0, 0, Math.PI * 2);
    g.fill();
    const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.85));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  photo = Buffer.from(bytes);
  return photo;
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}
