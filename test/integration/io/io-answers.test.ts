/**
 * The IO adapter against answers that are not what IO would give (real HTTP, a loopback server in
 * the test speaking as a broken IO or as a wrong address): a 200 whose body is cut or not JSON is
 * read again later (never "the citizen turned the service off"); a 404 that is not IO's ProblemJson
 * is a wrong address for the clerk, never "not on IO".
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IO_KIND_MESSAGE, type IoMessagePayload } from '../../../electron/core/io/model';
import type { OutboxItem, SendOutcome } from '../../../electron/core/sync/types';
import { createIoAdapter } from '../../../electron/platforms/io/adapter';

/** What the server answers to the profile read and to the message, per test. */
let answer: { profile: (res: ServerResponse) => void; message: (res: ServerResponse) => void };
const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (req.method === 'GET' ? answer.profile(res) : answer.message(res)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const payload: IoMessagePayload = {
  serviceId: 'svc',
  fiscalCode: 'RSSMRA70A01H501S',
  subject: 'Promemoria appuntamento CIE',
  markdown: 'x'.repeat(100),
  sendAfter: null,
} as IoMessagePayload;
const item = { id: 'o1', kind: IO_KIND_MESSAGE, payload } as OutboxItem;

function send(): Promise<SendOutcome> {
  const io = createIoAdapter({ endpoint: () => url, apiKey: () => 'k'.repeat(32), configured: () => true, timeoutMs: 500 });
  return io.send(item, { signal: new AbortController().signal, operatorId: null });
}
const created = json(201, { id: '01ABC' });

describe('IO adapter, answers that are not what IO gives', () => {
  it('a 200 profile whose body is cut after the headers is read again, not "service turned off"', async () => {
    answer = {
      profile: (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"sender_allo');
        setTimeout(() => res.destroy(), 20);
      },
      message: created,
    };
    expect(await send()).toMatchObject({ kind: 'retry', failure: 'transport', code: 'IO_INTERRUPTED' });
  });

  it('a 200 profile that is not JSON, or has no sender_allowed, is read again', async () => {
    answer = { profile: (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>ok</html>'), message: created };
    expect(await send()).toMatchObject({ kind: 'retry', code: 'IO_INTERRUPTED' });
    answer = { profile: json(200, { preferred_languages: ['it_IT'] }), message: created };
    expect(await send()).toMatchObject({ kind: 'retry', code: 'IO_INTERRUPTED' });
  });

  it('sender_allowed false is the citizen’s choice; true goes on to the message', async () => {
    answer = { profile: json(200, { sender_allowed: false }), message: created };
    expect(await send()).toMatchObject({ kind: 'done', result: { outcome: 'not_allowed' } });
    answer = { profile: json(200, { sender_allowed: true }), message: created };
    expect(await send()).toMatchObject({ kind: 'done', result: { outcome: 'sent', messageId: '01ABC' } });
  });

  it('a 404 that is not IO’s ProblemJson (a wrong address) goes to the clerk; IO’s own 404 is "not on IO"', async () => {
    answer = { profile: (res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>'), message: created };
    const wrong = await send();
    expect(wrong).toMatchObject({ kind: 'attention', code: 'IO_HTTP_404' });
    expect((wrong as { text: string }).text).toMatch(/non risponde come IO: verificare Impostazioni › App IO/);
    answer = { profile: json(404, { type: 'about:blank', title: 'Profile not found', status: 404, detail: 'x' }), message: created };
    expect(await send()).toMatchObject({ kind: 'done', result: { outcome: 'not_on_io' } });
  });

  it('a 404 to the message itself is for the clerk, not "not on IO"', async () => {
    answer = { profile: json(200, { sender_allowed: true }), message: json(404, { title: 'Not Found', status: 404, detail: 'x' }) };
    expect(await send()).toMatchObject({ kind: 'attention', code: 'IO_HTTP_404' });
  });
});
