import { afterEach, describe, expect, it } from 'vitest';
import { allocateIdOperazioneComune } from '../../../electron/core/anagrafe/id-operazione';
import { getComuneSettings } from '../../../electron/core/comune/settings';
import { isSportelloError } from '../../../electron/core/errors';
import { workstationSlot } from '../../../electron/core/pagopa/settings';
import { fixDataMode } from '../../../electron/core/settings/mode';
import {
  importCertificate,
  platformsOf,
  readSetup,
  saveAgenda,
  saveAnpr,
  saveComune,
  saveGpd,
  saveWorkstation,
  setupWarnings,
} from '../../../electron/core/settings/production';
import { getWorkstation } from '../../../electron/core/settings/workstation';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { comunePki } from '../../support/pki';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const actor = { operatorId: 'op-resp', workstationId: 'ws' };
const ORVIETO = {
  nome: 'Comune di Orvieto',
  codiceIstat: '055023',
  codiceCatastale: 'G148',
  provincia: 'TR',
  cap: '05018',
  cfEnte: '81001580550',
};

function store() {
  const t = tempDir();
  const s = openStore(t.dir, keyFileProvider);
  cleanups.push(() => {
    s.db.close();
    t.cleanup();
  });
  return s.db;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isSportelloError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

async function importRefusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (isSportelloError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('production settings in the encrypted store', () => {
  it('a data folder is demo or production from its first start, and refuses the other', () => {
    const db = store();
    expect(fixDataMode(db, false)).toBe('production');
    expect(fixDataMode(db, false)).toBe('production');
    expect(codeOf(() => fixDataMode(db, true))).toBe('DATA_MODE_PRODUCTION_FOLDER');
    const demo = store();
    fixDataMode(demo, true);
    expect(codeOf(() => fixDataMode(demo, false))).toBe('DATA_MODE_DEMO_FOLDER');
  });

  it('the workstation number partitions idOperazioneComune and notice numbers, whichever is saved first', () => {
    const db = store();
    saveWorkstation(db, actor, { number: 7, name: 'Anagrafe 7', cieStationId: null });
    saveComune(db, actor, ORVIETO, getWorkstation(db).number);
    expect(getComuneSettings(db)).toMatchObject({ comuneIstat: '055023', belfiore: 'G148', cap: '05018', workstationSlot: 7 });
    saveWorkstation(db, actor, { number: 12, name: 'Anagrafe 12', cieStationId: null });
    expect(getComuneSettings(db).workstationSlot).toBe(12);
    expect(workstationSlot(db, getWorkstation(db).id)).toBe(12);
    expect(db.transaction(() => allocateIdOperazioneComune(db, 1_800_000_000_000))()).toBe('1800000000000012');
    expect(codeOf(() => saveWorkstation(db, actor, { number: 0, name: 'x', cieStationId: null }))).toBe('SETUP_WORKSTATION_NUMBER');
  });

  it('views never carry a secret; a blank key keeps the saved one; every change is audited by field name only', async () => {
    const db = store();
    const pki = comunePki('055023', '056003', new Date());
    saveComune(db, actor, ORVIETO, 1);
    expect(await importRefusal(() => importCertificate(db, actor, 'comune', pki.comune.bytes, pki.comune.password, new Date()))).toBe(
      'SETUP_ANPR_FIRST',
    );
    saveAnpr(db, actor, { endpoint: 'https://ws.anpr.example/', tipoInvio: 'PROD', idPostazione: 'PC-1' });
    await importCertificate(db, actor, 'comune', pki.comune.bytes, pki.comune.password, new Date());
    saveGpd(db, actor, { endpoint: 'https://gpd.example', subscriptionKey: 'very-secret-key-123' });
    saveGpd(db, actor, { endpoint: 'https://gpd2.example', subscriptionKey: null });
    saveAgenda(db, actor, { endpoint: 'https://agenda.example', token: 'secret-token-456' });
    expect(codeOf(() => saveAgenda(db, actor, { endpoint: 'ftp://x', token: null }))).toBe('SETUP_URL');

    const view = readSetup(db);
    expect(view.gpd).toEqual({ endpoint: 'https://gpd2.example', subscriptionKeySet: true });
    expect(view.anpr).toEqual({ endpoint: 'https://ws.anpr.example', tipoInvio: 'PROD', idPostazione: 'PC-1' });
    expect(view.certificates.comune?.commonName).toBe('055023-CO-0001');
    expect(view.missing).toEqual(['workstation', 'certificates', 'pagopa']);
    const shown = JSON.stringify(view);
    for (const secret of [
      'very-secret-key-123',
      'secret-token-456',
      pki.comune.password,
      pki.comune.bytes.toString('base64').slice(0, 40),
    ]) {
      expect(shown).not.toContain(secret);
    }
    const audit = db
      .prepare(`SELECT entity_id AS s, detail, operator_id AS who FROM audit_log WHERE action = 'settings.change' ORDER BY seq`)
      .all() as { s: string; detail: string; who: string }[];
    expect(audit.map((a) => `${a.s}:${(JSON.parse(a.detail) as { fields: string[] }).fields}`)).toEqual([
      'comune:nome,codiceIstat,codiceCatastale,provincia,cfEnte,cap',
      'anpr:endpoint,tipoInvio,idPostazione',
      'anpr:comuneCertificate',
      'gpd:endpoint,subscriptionKey',
      'gpd:endpoint',
      'agenda:baseUrl,token',
    ]);
    expect(audit.every((a) => a.who === 'op-resp' && !a.detail.includes('secret') && !a.detail.includes(pki.comune.password))).toBe(true);
  });

  it('a change of the CAP alone is audited, and saving the same Comune again writes nothing', () => {
    const db = store();
    saveComune(db, actor, ORVIETO, 1);
    saveComune(db, actor, { ...ORVIETO, cap: '05019' }, 1);
    saveComune(db, actor, { ...ORVIETO, cap: '05019' }, 1);
    const audit = db
      .prepare(`SELECT detail FROM audit_log WHERE action = 'settings.change' AND entity_id = 'comune' ORDER BY seq`)
      .all() as { detail: string }[];
    expect(audit.map((a) => (JSON.parse(a.detail) as { fields: string[] }).fields)).toEqual([
      ['nome', 'codiceIstat', 'codiceCatastale', 'provincia', 'cfEnte', 'cap'],
      ['cap'],
    ]);
    expect(getComuneSettings(db).cap).toBe('05019');
  });

  it('changing the Comune removes the certificates of the previous one: they can never sign for another Comune', async () => {
    const db = store();
    const pki = comunePki('055023', '056003', new Date());
    saveComune(db, actor, ORVIETO, 1);
    saveAnpr(db, actor, { endpoint: 'https://ws.anpr.example', tipoInvio: 'PROD', idPostazione: 'PC-1' });
    await importCertificate(db, actor, 'comune', pki.comune.bytes, pki.comune.password, new Date());
    await importCertificate(db, actor, 'postazione', pki.postazione.bytes, pki.postazione.password, new Date());
    // The same Comune saved again (a corrected CAP) keeps them.
    saveComune(db, actor, { ...ORVIETO, cap: '05019' }, 1);
    expect(Object.keys(readSetup(db).certificates)).toEqual(['comune', 'postazione']);

    saveComune(
      db,
      actor,
      {
        nome: 'Comune di Bagnoregio',
        codiceIstat: '056003',
        codiceCatastale: 'A577',
        provincia: 'VT',
        cap: '01022',
        cfEnte: '80004470560',
      },
      1,
    );
    const view = readSetup(db);
    expect(view.certificates).toEqual({});
    expect(view.missing).toContain('certificates');
    expect(view.anpr).toEqual({ endpoint: 'https://ws.anpr.example', tipoInvio: 'PROD', idPostazione: 'PC-1' });
    const anpr = platformsOf(db).anpr!;
    expect(anpr.comuneCertificate).toBeUndefined();
    expect(anpr.postazioneCertificate).toBeUndefined();
    const last = db
      .prepare(`SELECT entity_id AS s, detail FROM audit_log WHERE action = 'settings.change' ORDER BY seq DESC LIMIT 1`)
      .get() as { s: string; detail: string };
    expect(last.s).toBe('anpr');
    expect(JSON.parse(last.detail)).toEqual({ fields: ['comuneCertificate', 'postazioneCertificate'], reason: 'comune_changed' });
    // And the old ones cannot come back in.
    expect(await importRefusal(() => importCertificate(db, actor, 'comune', pki.comune.bytes, pki.comune.password, new Date()))).toBe(
      'CERT_OTHER_COMUNE',
    );
  });

  it('warns of a certificate expiring within 30 days, and of a set-up not finished outside the demo', async () => {
    const db = store();
    const now = new Date('2026-03-10T10:00:00Z');
    const pki = comunePki('055023', '056003', now);
    expect(setupWarnings(db, now, false)).toEqual({ certificates: [], setupIncomplete: true });
    expect(setupWarnings(db, now, true).setupIncomplete).toBe(false);
    saveComune(db, actor, ORVIETO, 1);
    saveAnpr(db, actor, { endpoint: 'https://ws.anpr.example', tipoInvio: 'PROD', idPostazione: 'PC-1' });
    await importCertificate(db, actor, 'comune', pki.comune.bytes, pki.comune.password, now);
    await importCertificate(db, actor, 'postazione', pki.postazione.bytes, pki.postazione.password, now);
    // The Comune's expires in 20 days, the workstation's in a year: only the first is named.
    expect(setupWarnings(db, now, false).certificates).toEqual([
      { role: 'comune', commonName: '055023-CO-0001', notAfter: pki.comune.notAfter.toISOString(), daysLeft: 20 },
    ]);
    expect(setupWarnings(db, new Date(now.getTime() - 11 * 86_400_000), false).certificates).toEqual([]);
  });
});
