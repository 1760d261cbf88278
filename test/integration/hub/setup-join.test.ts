/**
 * Joining from «Impostazioni» (platforms/hub/setup-join.ts), against a real PostgreSQL: every
 * refusal reaches the responsabile in plain Italian on the field at fault — the address, the code
 * (wrong, used, expired, badly typed), the CA file — and nothing is kept; a good code keeps the
 * connection and hands this PC the hub's number. (TLS refusals and an unreachable hub are shown
 * in Chromium: test/e2e/hub.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../electron/core/errors';
import { hubConnectionOf } from '../../../electron/core/settings/hub';
import { getWorkstation } from '../../../electron/core/settings/workstation';
import { issueJoinCode } from '../../../electron/platforms/hub/admin';
import { migrateHub } from '../../../electron/platforms/hub/migrate';
import { joinHubForSetup } from '../../../electron/platforms/hub/setup-join';
import { openTestDb, type TestDb } from '../../support/db';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';
import pg from 'pg';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub join (set-up): skipped — ${skip}`);

const actor = { operatorId: 'op-resp', workstationId: 'ws' };
const NOW = '2026-12-07T08:00:00.000Z';

describe.skipIf(skip)('joining the hub from the set-up: what the responsabile is told', () => {
  let server: PgServer;
  const stores: TestDb[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    await migrateHub(c);
    await c.end();
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
  const code = async () => (await issueJoinCode({ url: server.adminUrl }, { validHours: 1 })).code;
  async function refusal(p: Promise<unknown>): Promise<{ code: string; field?: string; message: string }> {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const v = e as ValidationError;
      return { code: v.code, field: v.field, message: v.userMessage };
    }
    throw new Error('joined, but a refusal was expected');
  }

  it('a wrong, a badly typed, a used and an expired code: on the code field, saying to ask for a new one', async () => {
    const s = counter();
    const wrong = await refusal(joinHubForSetup(s.db, actor, { url: server.adminUrl, code: 'ABCD-EFGH-JKMN' }, NOW));
    expect(wrong).toMatchObject({ code: 'HUB_JOIN_CODE_REFUSED', field: 'code' });
    expect(wrong.message).toMatch(/sbagliato, già usato o scaduto\. Chiedere al referente informatico un codice nuovo/);
    expect(await refusal(joinHubForSetup(s.db, actor, { url: server.adminUrl, code: 'ABC' }, NOW))).toMatchObject({
      code: 'HUB_JOIN_CODE_MALFORMED',
      field: 'code',
    });

    const used = await code();
    await joinHubForSetup(counter().db, actor, { url: server.adminUrl, code: used }, NOW);
    expect(await refusal(joinHubForSetup(s.db, actor, { url: server.adminUrl, code: used }, NOW))).toMatchObject({ field: 'code' });

    const late = await code();
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    await c.query(`UPDATE sportello.join_codes SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL`);
    await c.end();
    const expired = await refusal(joinHubForSetup(s.db, actor, { url: server.adminUrl, code: late }, NOW));
    expect(expired).toMatchObject({ code: 'HUB_JOIN_CODE_EXPIRED', field: 'code' });
    expect(expired.message).toMatch(/^Il codice di adesione è scaduto\./);
    expect(hubConnectionOf(s.db)).toBeUndefined();
  });

  it('an address that is not postgresql:// and a CA file that is not a PEM certificate: on their fields', async () => {
    const s = counter();
    expect(await refusal(joinHubForSetup(s.db, actor, { url: 'https://server-comune', code: await code() }, NOW))).toMatchObject({
      code: 'HUB_URL',
      field: 'url',
    });
    const notPem = await refusal(joinHubForSetup(s.db, actor, { url: server.adminUrl, code: await code(), caPem: 'MIIBIjANBgkq' }, NOW));
    expect(notPem).toMatchObject({ code: 'HUB_CA_NOT_PEM', field: 'ca' });
    expect(notPem.message).toMatch(/non è un certificato in formato PEM/);
    expect(hubConnectionOf(s.db)).toBeUndefined();
  });

  it('a good code (typed in lower case, with spaces): the connection is kept and the number is the hub’s', async () => {
    const s = counter();
    const good = (await code()).toLowerCase().replace(/-/g, ' ');
    const ws = await joinHubForSetup(s.db, actor, { url: server.adminUrl, code: good, caPem: null }, NOW);
    expect(getWorkstation(s.db).number).toBe(ws.number);
    expect(hubConnectionOf(s.db)).toMatchObject({ number: ws.number, role: `sportello_ws_${ws.number}`, joinedAt: NOW });
  });
});
