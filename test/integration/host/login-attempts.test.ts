/**
 * Login attempts through the real dispatcher: 40 parallel wrong passwords test at most the free
 * tries (the attempt is counted before the hash), every failure is audited with the name tried and
 * never the password, and the responsabile — only the responsabile — sees them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { FAILED_LOGIN_ACTION } from '../../../electron/core/auth/failed-logins';
import { FREE_TRIES } from '../../../electron/core/auth/login-throttle';
import { verifyAudit } from '../../../electron/core/audit/log';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { tempDir } from '../../support/tmp';

const data = tempDir();
let app: App | undefined;
afterAll(async () => {
  await app?.close();
  data.cleanup();
});

describe('login attempts', () => {
  it('40 parallel wrong logins test at most the free tries; all are audited; the responsabile sees them', { timeout: 60_000 }, async () => {
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    expect((await app.dispatch('session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'giusta123' })).ok).toBe(true);
    expect(
      (await app.dispatch('operators.create', { displayName: 'Carlo Cassa', username: 'carlo', password: 'cassiere1', roles: ['cassa'] }))
        .ok,
    ).toBe(true);
    await app.dispatch('session.logout', {});

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => app!.dispatch('session.login', { username: 'resp', password: `sbagliata-${i}` })),
    );
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'AUTH_CREDENTIALS')).toHaveLength(FREE_TRIES.user);
    expect(codes.filter((c) => c === 'AUTH_THROTTLED')).toHaveLength(40 - FREE_TRIES.user);
    // The right password is not even checked while the wait runs.
    const right = await app.dispatch('session.login', { username: 'resp', password: 'giusta123' });
    expect(right.ok ? 'ok' : right.error.code).toBe('AUTH_THROTTLED');

    const rows = app.services.db
      .prepare('SELECT operator_id, entity_id, detail FROM audit_log WHERE action = ?')
      .all(FAILED_LOGIN_ACTION) as { operator_id: string; entity_id: string; detail: string }[];
    expect(rows).toHaveLength(41);
    expect(rows.filter((r) => JSON.parse(r.detail).reason === 'credentials')).toHaveLength(FREE_TRIES.user);
    for (const r of rows) {
      expect(JSON.parse(r.detail).username).toBe('resp');
      expect(r.detail).not.toMatch(/sbagliata|giusta/); // never the password
    }
    expect(verifyAudit(app.services.db).ok).toBe(true);

    // Another user can still sign in; a cashier may not read the list.
    expect((await app.dispatch('session.login', { username: 'carlo', password: 'cassiere1' })).ok).toBe(true);
    const denied = await app.dispatch('operators.failedLogins', {});
    expect(denied.ok ? 'ok' : denied.error.code).toBe('AUTH_ROLE');
    await app.dispatch('session.logout', {});
  });

  it('after a restart the count goes on (the next wait is longer), and the responsabile reads the failures once in', {
    timeout: 60_000,
  }, async () => {
    await app!.close();
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    const db = app.services.db;
    const failures = () =>
      (db.prepare(`SELECT failures FROM login_throttle WHERE scope = 'user' AND subject = 'resp'`).get() as { failures: number }).failures;
    expect(failures()).toBe(FREE_TRIES.user); // refused attempts were never checked, so never counted
    // Rather than wait 30 s of wall clock, the test ends the running wait in the store.
    db.prepare('UPDATE login_throttle SET blocked_until_ms = 0').run();
    const wrong = await app.dispatch('session.login', { username: 'resp', password: 'ancora-sbagliata' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('AUTH_CREDENTIALS');
    const escalated = await app.dispatch('session.login', { username: 'resp', password: 'giusta123' });
    expect(escalated.ok ? 'ok' : escalated.error.message).toMatch(/attendere 2 minuti/); // 30 s before the restart, 2 min now
    db.prepare('UPDATE login_throttle SET blocked_until_ms = 0').run();
    expect((await app.dispatch('session.login', { username: 'resp', password: 'giusta123' })).ok).toBe(true);
    expect(db.prepare(`SELECT count(*) AS n FROM login_throttle WHERE subject = 'resp'`).get()).toEqual({ n: 0 }); // a success clears it
    const list = await app.dispatch('operators.failedLogins', {});
    expect(list.ok).toBe(true);
    const failed = (list as { data: { username: string; reason: string; via: string; at: string }[] }).data;
    expect(failed[0]).toMatchObject({ username: 'resp', reason: 'throttled', via: 'login' });
    expect(failed.filter((f) => f.reason === 'credentials')).toHaveLength(FREE_TRIES.user + 1);
  });
});
