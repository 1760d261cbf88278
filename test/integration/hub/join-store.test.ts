/**
 * A counter joins the hub and keeps the connection in its encrypted settings: the hub's number
 * becomes the workstation's (notice and anagrafe slots follow) and can no longer be typed by hand.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getComuneSettings } from '../../../electron/core/comune/settings';
import { workstationSlot } from '../../../electron/core/pagopa/settings';
import { hubConnectionOf, hubView } from '../../../electron/core/settings/hub';
import { saveComune, saveWorkstation } from '../../../electron/core/settings/production';
import { getWorkstation } from '../../../electron/core/settings/workstation';
import { initHub, issueJoinCode } from '../../../electron/platforms/hub/admin';
import { connectHub, endpointOf } from '../../../electron/platforms/hub/connect';
import { joinHubAndStore } from '../../../electron/platforms/hub/join';
import { openTestDb, type TestDb } from '../../support/db';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';
import { fileContains } from '../../support/tmp';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub join (settings): skipped — ${skip}`);

const actor = { operatorId: 'op-resp', workstationId: 'ws' };
const ORVIETO = {
  nome: 'Comune di Orvieto',
  codiceIstat: '055023',
  codiceCatastale: 'G148',
  provincia: 'TR',
  cap: '05018',
  cfEnte: '81001580550',
};
const NOW = '2026-12-07T08:00:00.000Z';

describe.skipIf(skip)('joining the hub from a counter', () => {
  let server: PgServer;
  const stores: TestDb[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    await initHub({ url: server.adminUrl });
  });
  afterAll(async () => {
    for (const s of stores) s.cleanup();
    await server?.stop();
  });
  const counter = () => {
    const s = openTestDb();
    stores.push(s);
    return s;
  };
  const code = async () => (await issueJoinCode({ url: server.adminUrl })).code;

  it('keeps its hand-typed number when free, stores the connection encrypted, and the number is the hub’s from then on', async () => {
    const s = counter();
    saveWorkstation(s.db, actor, { number: 7, name: 'Anagrafe', cieStationId: null });
    saveComune(s.db, actor, ORVIETO, 7);
    const { workstation, joined } = await joinHubAndStore(s.db, actor, { url: server.adminUrl, code: await code(), name: 'Anagrafe' }, NOW);
    expect(joined.number).toBe(7);
    expect(workstation.number).toBe(7);

    const stored = hubConnectionOf(s.db)!;
    expect(stored).toMatchObject({ role: 'sportello_ws_7', number: 7, joinedAt: NOW });
    expect(stored.url).not.toContain(server.adminPassword); // the admin's credentials are not kept
    expect(hubView(s.db)).toEqual({ url: stored.url, role: 'sportello_ws_7', number: 7, caSet: false, joinedAt: NOW });
    // What is kept logs this workstation in.
    const c = await connectHub(endpointOf(stored));
    expect((await c.query('SELECT sportello.my_workstation() AS n')).rows[0].n).toBe(7);
    await c.end();

    // Encrypted at rest; audited without the password.
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileContains(readFileSync(s.file), stored.password)).toBe(false);
    const audit = s.db.prepare(`SELECT detail FROM audit_log WHERE entity_id = 'hub'`).all() as { detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).not.toContain(stored.password);

    // The hand-typed number cannot change any more; the name can.
    expect(() => saveWorkstation(s.db, actor, { number: 8, name: 'Anagrafe', cieStationId: null })).toThrow(
      expect.objectContaining({ code: 'SETUP_WORKSTATION_NUMBER_FROM_HUB' }),
    );
    saveWorkstation(s.db, actor, { number: 7, name: 'Anagrafe 1', cieStationId: null });
    expect(getWorkstation(s.db)).toMatchObject({ number: 7, name: 'Anagrafe 1' });
  });

  it('its own number taken: refused, nothing kept; accepting a new number it gets one from 900 up, and the notice and anagrafe slots follow', async () => {
    const s = counter();
    saveWorkstation(s.db, actor, { number: 7, name: 'CIE', cieStationId: null });
    saveComune(s.db, actor, ORVIETO, 7);
    const typed = await code();
    const refused = await joinHubAndStore(s.db, actor, { url: server.adminUrl, code: typed, name: 'CIE' }, NOW).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_NUMBER_TAKEN' });
    expect(refused.userMessage).toMatch(/già registrato sul server del Comune per un'altra postazione/);
    expect(hubConnectionOf(s.db)).toBeUndefined();
    expect(getWorkstation(s.db).number).toBe(7);
    const { joined } = await joinHubAndStore(s.db, actor, { url: server.adminUrl, code: typed, name: 'CIE', acceptNewNumber: true }, NOW);
    expect(joined.number).toBe(900);
    expect(getWorkstation(s.db).number).toBe(joined.number);
    expect(workstationSlot(s.db, getWorkstation(s.db).id)).toBe(joined.number);
    expect(getComuneSettings(s.db).workstationSlot).toBe(joined.number);
  });
});
