/**
 * Starting a production host loads neither the ANPR signing stack (xml-crypto, @xmldom/xmldom) nor
 * node-forge: they load on the first send, "Prova collegamento" or certificate import (issue 15:
 * first render under a second). A real host, started as the counter starts it, reports on exit
 * which packages Node loaded (test/support/loaded-modules.cjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, serveSportello } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const HEAVY = /\/node_modules\/(node-forge|xml-crypto|@xmldom\/xmldom)\//;

describe('start-up of a production host', () => {
  it('leaves node-forge and the XML signature packages unloaded until they are needed', { timeout: 90_000 }, async () => {
    const data = tempDir();
    const out = join(data.dir, 'loaded-modules.json');
    const probe = join(ROOT, 'test', 'support', 'loaded-modules.cjs');
    try {
      const host = await serveSportello(['--data', join(data.dir, 'data'), '--port', '0', '--skip-rehearsal'], {
        env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim(), LOADED_MODULES_OUT: out },
      });
      expect((await fetch(`${host.base}/`)).status).toBe(200);
      await host.stop();
      const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
      // The probe does see the packages a start needs (the encrypted SQLite driver).
      expect(loaded.some((f) => f.includes('/node_modules/better-sqlite3-multiple-ciphers/'))).toBe(true);
      expect(loaded.filter((f) => HEAVY.test(f)).map((f) => f.slice(f.indexOf('node_modules')))).toEqual([]);
    } finally {
      data.cleanup();
    }
  });
});
