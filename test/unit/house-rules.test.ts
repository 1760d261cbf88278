/**
 * The lint step refuses what the house rules forbid: each case plants one violation in a temporary
 * copy of the source folders and runs the real tool (Biome, dependency-cruiser, jscpd) with the
 * repository's own configuration, then checks that a correct file passes the same way.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/serve';

const COPIED = [
  'electron',
  'renderer',
  'simulators',
  'native',
  'scenario',
  'package.json',
  'tsconfig.json',
  'biome.jsonc',
  '.dependency-cruiser.cjs',
  '.dependency-cruiser.babel.json',
  '.jscpd.json',
  'procedures-hold-no-sql.grit',
];

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'sportello-rules-'));
  for (const entry of COPIED) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

function plant(files: Record<string, string>): string[] {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), text);
  }
  return Object.keys(files);
}

function tool(bin: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(join(ROOT, 'node_modules/.bin', bin), args, { cwd: copy, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const biome = (cmd: 'lint' | 'format', files: string[]) => tool('biome', [cmd, '--vcs-enabled=false', '--error-on-warnings', ...files]);
const depcruise = (files: string[]) => tool('depcruise', ['--config', '.dependency-cruiser.cjs', ...files]);

describe('lint and format', () => {
  it('refuses a lint error, and passes the same file without it', () => {
    const [bad] = plant({ 'electron/core/planted-lint.ts': 'export function f(x: number): number {\n  debugger;\n  return x;\n}\n' });
    const refused = biome('lint', [bad]);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain('lint/suspicious/noDebugger');

    const [good] = plant({ 'electron/core/planted-lint-ok.ts': 'export function f(x: number): number {\n  return x;\n}\n' });
    expect(biome('lint', [good]).status).toBe(0);
  });

  it('refuses a format difference, and passes the formatted file', () => {
    const [bad] = plant({ 'electron/core/planted-format.ts': 'export const a = { b: 1,c: "two" }\n' });
    const refused = biome('format', [bad]);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toMatch(/Formatter would have printed the following content|format/i);

    const [good] = plant({ 'electron/core/planted-format-ok.ts': "export const a = { b: 1, c: 'two' };\n" });
    expect(biome('format', [good]).status).toBe(0);
  });

  it('refuses SQL or a transaction in a procedure (procedures-hold-no-sql), and passes the same code in a core room', () => {
    const code =
      "import { withTx } from '../core/store/tx';\nimport type { Db } from '../core/store/types';\n" +
      "export const count = (db: Db) => db.prepare('SELECT count(*) AS n FROM outbox').get();\n" +
      "export const wipe = (s: { db: Db }) => s.db.exec('DELETE FROM outbox');\n" +
      "export const inTx = (db: Db) => withTx(db, () => db.pragma('user_version'));\n" +
      'export const version = (db: Db) => db.transaction(() => 1)();\n' +
      'export const word = (text: string) => /\\w+/.exec(text);\n';
    const [bad] = plant({ 'electron/procedures/planted-sql.ts': code });
    const refused = biome('lint', [bad]);
    expect(refused.status).not.toBe(0);
    // prepare, exec on the store, withTx, pragma, transaction: five; a RegExp's exec is not the store's.
    expect(refused.out.match(/procedures-hold-no-sql/g)).toHaveLength(5);

    const [good] = plant({ 'electron/core/store/planted-sql-ok.ts': code.replaceAll('../core/store/', './') });
    const passed = biome('lint', [good]);
    expect(passed.out).not.toContain('procedures-hold-no-sql');
    expect(passed.status).toBe(0);
  });

  it('refuses a circle of type imports (Biome noImportCycles)', () => {
    const files = plant({
      'renderer/screens/planted-a.ts': "import type { B } from './planted-b';\nexport interface A {\n  b: B;\n}\n",
      'renderer/screens/planted-b.ts': "import type { A } from './planted-a';\nexport interface B {\n  a?: A;\n}\n",
    });
    const refused = biome('lint', files);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain('lint/suspicious/noImportCycles');
  });
});

describe('import rules (dependency-cruiser)', () => {
  const PLANTED: [what: string, rule: string, path: string, text: string][] = [
    [
      'core imports a platform',
      'core-imports-no-outer-layer',
      'electron/core/planted.ts',
      "import { createAnprAdapter } from '../platforms/anpr/adapter';\nexport const planted = createAnprAdapter;\n",
    ],
    [
      'core imports a host',
      'core-imports-no-outer-layer',
      'electron/core/anagrafe/planted.ts',
      "import { startHttpHost } from '../../host/http';\nexport const planted = startHttpHost;\n",
    ],
    [
      'the page loads the contract (zod and all)',
      'renderer-only-contract-and-pure-modules',
      'renderer/screens/planted.ts',
      "import { contract } from '../../electron/contract';\nexport const planted = contract;\n",
    ],
    [
      'the page imports a Node module',
      'renderer-no-node',
      'renderer/planted.ts',
      "import { readFileSync } from 'node:fs';\nexport const planted = readFileSync;\n",
    ],
    [
      'a simulator imports the client protocol code',
      'simulators-no-client-code',
      'simulators/planted.ts',
      "import { createGpdAdapter } from '../electron/platforms/gpd/adapter';\nexport const planted = createGpdAdapter;\n",
    ],
    [
      "the ANPR simulator reads with the client's XML helpers",
      'sim-anpr-own-code-only',
      'simulators/anpr/planted.ts',
      "import { parseXml } from '../../electron/platforms/anpr/xml-read';\nexport const planted = parseXml;\n",
    ],
    [
      "a simulator takes a value from the platforms' wiring",
      'simulators-no-platform-code',
      'simulators/planted-wiring.ts',
      "import * as wiring from '../electron/platforms/wiring';\nexport const planted = wiring;\n",
    ],
    [
      'the virtual CIE imports the client card code',
      'sim-cie-card-own-protocol-code',
      'simulators/cie-card/planted.ts',
      "import { parseTlv } from '../../electron/core/card/tlv';\nexport const planted = parseTlv;\n",
    ],
    [
      'a module other than main.ts and preload.ts imports electron',
      'only-main-and-preload-import-electron',
      'electron/host/planted.ts',
      "import { ipcMain } from 'electron';\nexport const planted = ipcMain;\n",
    ],
    [
      'the back end imports a simulator other than through demo mode',
      'electron-runs-no-simulator',
      'electron/procedures/planted.ts',
      "import { startDemoPlatforms } from '../../simulators/demo';\nexport const planted = startDemoPlatforms;\n",
    ],
    [
      'the Comune reads a room',
      'comune-room-imports-only-its-foundations',
      'electron/core/comune/planted.ts',
      "import { getPratica } from '../anagrafe/pratiche';\nexport const planted = getPratica;\n",
    ],
    ['an import circle', 'no-circular', 'electron/core/planted-a.ts', "import { b } from './planted-b';\nexport const a = () => b;\n"],
  ];
  /** The other half of the circle (reported once, from planted-a.ts). */
  const PARTNER = { 'electron/core/planted-b.ts': "import { a } from './planted-a';\nexport const b = () => a;\n" };
  let refused: { status: number | null; out: string };

  // One run over every planted file (each costs seconds of start-up); each case then finds its own line.
  beforeAll(() => {
    refused = depcruise(plant({ ...Object.fromEntries(PLANTED.map(([, , path, text]) => [path, text])), ...PARTNER }));
  });
  afterAll(() => {
    for (const path of [...PLANTED.map(([, , p]) => p), ...Object.keys(PARTNER)]) rmSync(join(copy, path), { force: true });
  });

  it.each(PLANTED)('refuses %s (%s in %s)', (_what, rule, path) => {
    expect(refused.status).not.toBe(0);
    expect(refused.out).toMatch(new RegExp(`error ${rule}: ${path.replace(/[.]/g, '\\.')} `));
  });

  it("passes what the READMEs allow: the page taking the contract's types and the Rome clock, core using core", () => {
    const allowed = depcruise(
      plant({
        'renderer/screens/planted-ok.ts':
          "import type { OutputOf } from '../../electron/contract';\nimport { romeDate } from '../../electron/core/rome-time';\n" +
          "export const planted = (o: OutputOf<'anagrafe.info'>) => [o, romeDate()];\n",
        'electron/core/sync/planted-ok.ts': "import { SportelloError } from '../errors';\nexport const planted = SportelloError;\n",
        'simulators/cie-card/planted-ok.ts':
          "import type { CardConnection } from '../../electron/core/card/reader';\nexport const planted = (c: CardConnection) => c.atr;\n",
      }),
    );
    expect(allowed.out).toContain('no dependency violations found');
    expect(allowed.status).toBe(0);
  });
});

describe('copy-paste detector (jscpd)', () => {
  it('refuses a 12-line clone, and forgets it once one copy goes', () => {
    const body = Array.from(
      { length: 12 },
      (_, i) => `  total = total * ${31 + i} + (values[${i}] ?? ${i}) - Math.floor(total / ${97 + i});`,
    ).join('\n');
    const clone = (name: string) => `export function ${name}(values: number[]): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    plant({ 'electron/core/planted-cpd-a.ts': clone('mixA'), 'renderer/planted-cpd-b.ts': clone('mixB') });
    const refused = tool('jscpd', []);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain('planted-cpd-a.ts');

    rmSync(join(copy, 'renderer/planted-cpd-b.ts'));
    expect(tool('jscpd', []).status).toBe(0);
  });
});
