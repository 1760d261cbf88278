import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serveSportello, staleToken, type ServedSportello } from '../../support/serve';
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

const socketUrl = () => `${host.base.replace('http', 'ws')}/api/socket`;

/** Opens the page's socket as the page does, with what the caller changes; resolves once open. */
function open(opts: { protocols?: string[]; origin?: string; headers?: Record<string, string>; path?: string } = {}) {
  const ws = new WebSocket(
    opts.path ? `${host.base.replace('http', 'ws')}${opts.path}` : socketUrl(),
    opts.protocols ?? ['sportello', `token.${host.token}`],
    {
      origin: opts.origin ?? host.base,
      headers: opts.headers,
    },
  );
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const next = async (match: (m: any) => boolean, timeoutMs = 5_000) => {
    const t0 = Date.now();
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no matching message in ${timeoutMs} ms: ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  /** Sends a call and waits for its answer. */
  const call = async (id: number, name: string, input: unknown = {}) => {
    ws.send(JSON.stringify({ id, call: name, input }));
    return (await next((m) => m.id === id)).answer;
  };
  return { ws, opened, closed, next, call, messages };
}

/** The host still answers a new page, and has not exited. */
async function stillServing(id: number) {
  const s = open();
  await s.opened;
  expect((await s.call(id, 'session.get')).ok).toBe(true);
  s.ws.close();
  expect(host.proc.exitCode).toBeNull();
}

/** The HTTP status an upgrade is refused with. */
async function refusal(opts: Parameters<typeof open>[0]): Promise<string> {
  const s = open(opts);
  return s.opened.then(
    () => 'opened',
    (e: Error) => e.message,
  );
}

describe("the page's socket (browser mode)", () => {
  it("answers each call by its id, with the back end's own time, and carries the back end's events", async () => {
    const s = open();
    await s.opened;
    expect(s.ws.protocol).toBe('sportello'); // the token is never echoed back
    s.ws.send(JSON.stringify({ id: 1, call: 'session.get', input: {} }));
    s.ws.send(
      JSON.stringify({ id: 2, call: 'session.setup', input: { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' } }),
    );
    const first = await s.next((m) => m.id === 1);
    expect(first.answer.ok).toBe(true);
    expect(first.ms).toBeGreaterThanOrEqual(0);
    const second = await s.next((m) => m.id === 2);
    expect(second.answer).toMatchObject({ ok: true, data: { status: 'active' } });
    // Signing in is announced to every open page.
    const event = await s.next((m) => m.event === 'session');
    expect(event.payload.status).toBe('active');
    s.ws.close();
  });

  it('refuses an upgrade without the token, with a wrong one, from a foreign origin, for a foreign Host or on another path', async () => {
    expect(await refusal({ protocols: ['sportello'] })).toMatch(/401/);
    expect(await refusal({ protocols: ['sportello', `token.${staleToken(host.token)}`] })).toMatch(/401/);
    expect(await refusal({ protocols: [`token.${host.token}`] })).toMatch(/401/);
    expect(await refusal({ origin: 'http://evil.example' })).toMatch(/403/);
    expect(await refusal({ headers: { Host: 'attacker.example' } })).toMatch(/421/);
    expect(await refusal({ path: '/api/elsewhere' })).toMatch(/404/);
  });

  it('stays up when a refused peer resets its connection at once', async () => {
    const { connect } = await import('node:net');
    const u = new URL(host.base);
    for (let i = 0; i < 30; i++) {
      const peer = connect(Number(u.port), u.hostname);
      await new Promise((r) => peer.once('connect', r));
      peer.on('error', () => {});
      peer.write(
        `GET /api/socket HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n`,
      );
      peer.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 300));
    await stillServing(8);
  });

  it('answers a bad call with a typed error, closes on a message that is not ours, and stays up', async () => {
    const s = open();
    await s.opened;
    expect((await s.call(3, 'does.not.exist')).error.code).toBe('CONTRACT_UNKNOWN');
    expect((await s.call(4, 'session.login', { username: 42 })).error).toMatchObject({ code: 'CONTRACT_INPUT', field: 'username' });
    expect((await s.call(5, '../../etc')).error.code).toBe('CONTRACT_UNKNOWN');
    s.ws.send('{not json');
    expect(await s.closed).toBe(1007);

    const noId = open();
    await noId.opened;
    noId.ws.send(JSON.stringify({ call: 'session.get' }));
    expect(await noId.closed).toBe(1007);

    const huge = open();
    await huge.opened;
    huge.ws.send(JSON.stringify({ id: 6, call: 'session.get', input: { pad: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(await huge.closed).toBe(1009);

    await stillServing(7);
  });
});
