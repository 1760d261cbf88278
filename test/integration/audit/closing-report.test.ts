// The responsabile's daily closing report through the real dispatcher, store and PDF renderer:
// every item of the Rome day with its fate, the audit head anchored in the anchors file and printed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { anchorKeyFileProvider } from '../../../electron/core/audit/anchor-key';
import { readAnchors } from '../../../electron/core/audit/anchors';
import { checkAudit } from '../../../electron/core/audit/verify';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { enqueue, markAttention, markDiscarded, markDone, markWaiting } from '../../../electron/core/sync/outbox';
import { tempDir } from '../../support/tmp';
import { withTx } from '../../../electron/core/store/tx';

describe('daily closing report', () => {
  const data = tempDir('sportello-closing-');
  let now = Date.parse('2026-03-11T17:00:00Z');
  const clock = { nowMs: () => now };
  let app: App;
  const call = async (name: string, input: unknown = {}) => app.dispatch(name, input) as Promise<{ ok: boolean; data?: any; error?: any }>;

  beforeAll(async () => {
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false, clock });
    expect((await call('session.setup', { username: 'resp', displayName: 'Rita Responsabile', password: 'segreta123' })).ok).toBe(true);
    const db = app.services.db;
    const item = (kind: string, platform: 'anpr' | 'gpd' | 'agenda', createdAt: string, businessId: string) => {
      const it = withTx(db, (tx) =>
        enqueue(tx, {
          platform,
          kind,
          orderingKey: businessId,
          payload: {},
          payloadVersion: 1,
          idempotencyKey: businessId,
          businessType: 'test',
          businessId,
        }),
      );
      db.prepare('UPDATE outbox SET created_at = ? WHERE id = ?').run(createdAt, it.id);
      return it.id;
    };
    markDone(db, item('gpd.create', 'gpd', '2026-03-10T08:15:00.000Z', 'n-1'), {});
    markWaiting(
      db,
      item('anpr.3001', 'anpr', '2026-03-10T09:30:00.000Z', 'p-2'),
      '2099-01-01T00:00:00.000Z',
      'ANPR_TIMEOUT',
      'non risponde',
    );
    markAttention(db, item('agenda.book', 'agenda', '2026-03-10T10:00:00.000Z', 'b-3'), 'AGENDA_SLOT_TAKEN', 'Orario già occupato');
    const d = item('gpd.create', 'gpd', '2026-03-10T22:59:59.000Z', 'n-4'); // 23:59:59 in Rome: still the 10th
    markAttention(db, d, 'GPD_DUPLICATE', 'Posizione già presente');
    markDiscarded(db, d, 'Avviso emesso due volte per errore');
    markDone(db, item('gpd.create', 'gpd', '2026-03-10T23:00:00.000Z', 'n-5'), {}); // midnight in Rome: the 11th
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    data.cleanup();
  });

  it('anchors the audit head when the app starts', () => {
    const f = readAnchors(data.dir, anchorKeyFileProvider.getOrCreateKey(data.dir));
    expect(f.problem).toBeNull();
    expect(f.anchors[0]).toMatchObject({ reason: 'start', at: '2026-03-11T17:00:00.000Z' });
  });

  it('prints every item of the Rome day with its fate and the anchored audit head', async () => {
    const r = await call('audit.closingReport', { date: '2026-03-10' });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data).toMatchObject({ filename: 'chiusura-2026-03-10.pdf', items: 4 });
    const pdf = join(data.dir, 'report.pdf');
    writeFileSync(pdf, Buffer.from(r.data.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    expect(text).toMatch(/Chiusura giornaliera/);
    expect(text).toMatch(/martedì 10 marzo 2026/);
    expect(text).toMatch(/4 operazioni verso le piattaforme nazionali: 1 inviate, 1 in attesa, 1 da verificare, 1 scartate/);
    expect(text).toMatch(/09:15 pagoPA gpd\.create test n-1 Inviata/);
    expect(text).toMatch(/10:30 ANPR anpr\.3001 test p-2 In attesa/);
    expect(text).toMatch(/11:00 Agenda CIE agenda\.book test b-3 Da verificare AGENDA_SLOT_TAKEN: Orario già\s+occupato/);
    expect(text).toMatch(/23:59 pagoPA gpd\.create test n-4 Scartata Avviso emesso due volte per errore/);
    expect(text).not.toMatch(/n-5/);
    // The printed head is the one anchored, and it includes the print's own audit entry.
    expect(text).toContain(r.data.hash);
    expect(text).toMatch(new RegExp(`termina con la voce n\\. ${r.data.seq},`));
    const key = anchorKeyFileProvider.getOrCreateKey(data.dir);
    const last = readAnchors(data.dir, key).anchors.at(-1)!;
    expect(last).toMatchObject({ reason: 'report', seq: r.data.seq, hash: r.data.hash });
    const printed = app.services.db.prepare('SELECT action, entity_id AS entityId FROM audit_log WHERE seq = ?').get(r.data.seq);
    expect(printed).toEqual({ action: 'audit.closing_report.print', entityId: '2026-03-10' });
    expect(checkAudit(app.services.db, { dataDir: data.dir, anchorKey: key })).toMatchObject({ ok: true });
  });

  it('refuses a day after today in Rome, and anyone but the responsabile', async () => {
    now = Date.parse('2026-03-11T22:30:00Z'); // 23:30 on the 11th in Rome
    const future = await call('audit.closingReport', { date: '2026-03-12' });
    expect(future.error).toMatchObject({ code: 'AUDIT_REPORT_DATE', field: 'date' });
    now = Date.parse('2026-03-11T23:30:00Z'); // 00:30 on the 12th in Rome, still the 11th in UTC
    const today = await call('audit.closingReport', {});
    expect(today.data).toMatchObject({ filename: 'chiusura-2026-03-12.pdf', items: 0 });
    expect((await call('audit.closingReport', { date: '10/03/2026' })).error).toMatchObject({ code: 'CONTRACT_INPUT', field: 'date' });

    await call('operators.create', { username: 'cassa1', displayName: 'Carlo Cassa', password: 'cassiere1', roles: ['cassa'] });
    await call('session.logout');
    await call('session.login', { username: 'cassa1', password: 'cassiere1' });
    expect((await call('audit.closingReport', {})).error.code).toBe('AUTH_ROLE');
  });
});
