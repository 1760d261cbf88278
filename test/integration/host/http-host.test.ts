import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callHost, serveSportello, staleToken, type ServedSportello } from '../../support/serve';
import { tempDir } from '../../support/tmp';

let host: ServedSportello;
const data = tempDir();

beforeAll(async () => {
  host = await serveSportello(['--data', data.dir, '--port', '0']);
});
afterAll(async () => {
  await host?.stop();
  data.cleanup();
});

const post = (path: string, headers: Record<string, string>, body = '{}') =>
  fetch(`${host.base}${path}`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('browser-mode HTTP host', () => {
  it('says how long the back end worked on a call', async () => {
    const res = await fetch(`${host.base}/api/call/session.get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: host.base, Authorization: `Bearer ${host.token}` },
      body: '{}',
    });
    expect(res.headers.get('server-timing')).toMatch(/^body;dur=\d+(\.\d+)?, app;dur=\d+(\.\d+)?$/);
  });

  it('binds to 127.0.0.1 only and serves the UI with the strict CSP', async () => {
    expect(host.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(host.base + '/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('refuses a missing or wrong token', async () => {
    const json = { 'Content-Type': 'application/json', Origin: host.base };
    const none = await post('/api/call/session.get', json);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('HOST_TOKEN');
    const wrong = await post('/api/call/session.get', { ...json, Authorization: `Bearer ${staleToken(host.token)}` });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign or missing Origin even with the right token', async () => {
    const base = { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` };
    const foreign = await post('/api/call/session.get', { ...base, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('HOST_ORIGIN');
    const missing = await post('/api/call/session.get', base);
    expect(missing.status).toBe(403);
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(host.base);
      const req = request({ host: u.hostname, port: u.port, path: '/', headers: { Host: 'attacker.example' } }, (res) =>
        resolve(res.statusCode!),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('answers a malformed call with a typed error and stays up', async () => {
    const bad = await callHost(host, 'session.login', { username: 42 });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toMatchObject({ code: 'CONTRACT_INPUT', field: 'username' });
    const unknown = await callHost(host, 'does.not.exist', {});
    expect(unknown.body.error?.code).toBe('CONTRACT_UNKNOWN');
    const garbage = await post(
      '/api/call/session.get',
      { 'Content-Type': 'application/json', Origin: host.base, Authorization: `Bearer ${host.token}` },
      '{not json',
    );
    expect(garbage.body.error.code).toBe('CONTRACT_INPUT');
    const extra = await callHost(host, 'session.get', { sneaky: true });
    expect(extra.body.error?.code).toBe('CONTRACT_INPUT');
    // Still serving.
    const ok = await callHost(host, 'session.get', {});
    expect(ok.body.ok).toBe(true);
    expect(host.proc.exitCode).toBeNull();
  });

  it('refuses procedures that need a login, then a role the operator lacks', async () => {
    const anon = await callHost(host, 'operators.list', {});
    expect(anon.body.error?.code).toBe('AUTH_REQUIRED');
    const setup = await callHost(host, 'session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' });
    expect(setup.body.ok).toBe(true);
    const created = await callHost(host, 'operators.create', {
      displayName: 'Cassiere',
      username: 'cassa1',
      password: 'password2',
      roles: ['cassa'],
    });
    expect(created.body.ok).toBe(true);
    await callHost(host, 'session.logout', {});
    const login = await callHost(host, 'session.login', { username: 'cassa1', password: 'password2' });
    expect(login.body.data.status).toBe('active');
    const refused = await callHost(host, 'operators.list', {});
    expect(refused.body.error?.code).toBe('AUTH_ROLE');
    const wrongPw = await callHost(host, 'session.login', { username: 'resp', password: 'nope-nope1' });
    expect(wrongPw.body.error?.code).toBe('AUTH_CREDENTIALS');
  });
});
