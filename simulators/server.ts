import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decide, inOutage, resolveProfile, seededRandom, type FaultProfile } from './faults';
import type { PlatformSimulator, SimStats } from './types';
import { clockOffsetMs, shiftClock } from '../clock/clock';

export interface SimulatorServerOptions {
  port?: number;
  host?: string;
  simulators: PlatformSimulator[];
  faults?: string | Partial<FaultProfile>;
  seed?: number;
  /** The platforms' clocks run this far ahead of ours (negative: behind), in their Date header. */
  clockSkewMs?: number;
  /** Demo certificates, served to demo Sportello at GET /_sim/demo-credentials (loopback only). */
  credentials?: Promise<unknown>;
  /**
   * The demo certificate authority (simulators/all.ts): when given, it serves the current demo
   * certificates and POST /_sim/rotate-ca {hold?} / /_sim/release-credentials rotate them.
   */
  authority?: { current(): Promise<unknown>; rotate(opts?: { hold?: boolean }): Promise<unknown>; release(): void };
}

export interface RunningSimulators {
  url: string;
  port: number;
  server: Server;
  simulators: PlatformSimulator[];
  setFaults(spec: string | Partial<FaultProfile>): void;
  /** Takes platforms down (connections refused at once) or brings them back. */
  setDown(names: string[] | 'all', down: boolean): void;
  /**
   * The platforms' gateway refuses the Comune's credentials with this status (401 or 403), as
   * pagoPA's API gateway does for a revoked subscription key; null accepts them again.
   */
  refuseCredentials(names: string[] | 'all', status: 401 | 403 | null): void;
  stats(): Record<string, SimStats & { injected: Record<string, number> }>;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

/**
 * One HTTP server on loopback mounting every platform simulator under its prefix, with fault
 * injection in front and a control API under /_sim: stats, reset, faults, down/up; `/_sim/<platform>/…`
 * reaches a platform's own controls (its `<prefix>/_sim/…`) past outages and faults.
 */
export async function startSimulators(opts: SimulatorServerOptions): Promise<RunningSimulators> {
  let profile = resolveProfile(opts.faults);
  const clockSkewMs = opts.clockSkewMs ?? 0;
  const random = seededRandom(opts.seed ?? 42);
  let started = Date.now(); // outage windows count from when the profile was applied
  const down = new Set<string>();
  const refused = new Map<string, 401 | 403>();
  const injected: Record<string, Record<string, number>> = {};
  const hanging = new Set<ServerResponse>();
  for (const s of opts.simulators) injected[s.name] = {};
  const count = (name: string, what: string) => (injected[name][what] = (injected[name][what] ?? 0) + 1);

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      const body = await readBody(req);
      if (url.pathname === '/_sim/demo-credentials' && opts.authority) return json(res, 200, await opts.authority.current());
      if (url.pathname === '/_sim/demo-credentials' && opts.credentials) return json(res, 200, await opts.credentials);
      if (url.pathname === '/_sim/rotate-ca' && opts.authority)
        return json(res, 200, await opts.authority.rotate({ hold: jsonBody(body).hold === true }));
      if (url.pathname === '/_sim/release-credentials' && opts.authority) {
        opts.authority.release();
        return json(res, 200, { ok: true });
      }
      // A platform's own controls, past outages and faults: /_sim/io/messages reaches IO's /_sim/messages.
      const owner = opts.simulators.find((s) => url.pathname.startsWith(`/_sim${s.prefix}/`));
      if (owner) return owner.handle(req, `/_sim/${url.pathname.slice(`/_sim${owner.prefix}/`.length)}`, body, res);
      if (url.pathname.startsWith('/_sim/')) return control(url.pathname, body, res);
      const sim = opts.simulators.find((s) => url.pathname === s.prefix || url.pathname.startsWith(s.prefix + '/'));
      if (!sim) return json(res, 404, { error: 'no such platform' });
      const path = url.pathname.slice(sim.prefix.length) || '/';
      // Set-up traffic from a test (e.g. planting a conflicting record) passes outages and faults.
      if (req.headers['x-sim-setup'] === '1') return sim.handle(req, path, body, withDate(res, clockSkewMs));
      if (down.has(sim.name) || inOutage(profile, Date.now() - started)) {
        count(sim.name, 'outage');
        sim.faultInjected?.(req, path, 'outage');
        return req.socket.destroy();
      }
      const refusal = refused.get(sim.name);
      if (refusal) {
        count(sim.name, `credentials${refusal}`);
        sim.faultInjected?.(req, path, `credentials${refusal}`);
        return json(withDate(res, clockSkewMs), refusal, GATEWAY_REFUSAL[sim.name](refusal));
      }
      const decision = decide(profile, random);
      if (decision !== 'pass') {
        count(sim.name, decision);
        sim.faultInjected?.(req, path, decision);
      }
      // Latency on both legs: half before the platform sees the request, half before the answer
      // arrives, so a client can die after the platform applied a request but before it heard back.
      const latency = profile.latencyMs + Math.round(random() * profile.jitterMs);
      await sleep(latency / 2);
      switch (decision) {
        case 'drop':
          return req.socket.destroy();
        case 'error':
          return json(res, 503, { error: 'Service Unavailable (simulated)' });
        case 'tooMany':
          res.setHeader('Retry-After', '1');
          return json(res, 429, { error: 'Too Many Requests (simulated)' });
        case 'reset': {
          const sink = discardingResponse(req);
          await sim.handle(req, path, body, sink);
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.write('partial');
          return req.socket.destroy();
        }
        case 'timeout': {
          await sim.handle(req, path, body, discardingResponse(req));
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return; // never answered
        }
        case 'duplicate':
          await sim.handle(req, path, body, discardingResponse(req));
          return sim.handle(req, path, body, answerAfter(withDate(res, clockSkewMs), latency / 2));
        default:
          return sim.handle(req, path, body, answerAfter(withDate(res, clockSkewMs), latency / 2));
      }
    } catch (e) {
      if (!res.headersSent) json(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    }
  });

  function control(path: string, body: Buffer, res: ServerResponse) {
    const input = body.length ? JSON.parse(body.toString('utf8')) : {};
    switch (path) {
      case '/_sim/stats':
        return json(res, 200, stats());
      case '/_sim/reset':
        for (const s of opts.simulators) s.reset();
        for (const k of Object.keys(injected)) injected[k] = {};
        return json(res, 200, { ok: true });
      case '/_sim/faults':
        profile = resolveProfile(input.profile ?? input);
        started = Date.now();
        return json(res, 200, { ok: true, profile });
      case '/_sim/clock':
        // Tests: the platforms' clock moves with the host's (clock/), `offsetMs` from the system clock.
        if (!Number.isInteger(input.offsetMs)) return json(res, 400, { error: 'offsetMs must be an integer' });
        shiftClock(input.offsetMs);
        return json(res, 200, { ok: true, offsetMs: clockOffsetMs() });
      case '/_sim/down':
        setDown(input.platforms ?? 'all', input.down !== false);
        return json(res, 200, { ok: true, down: [...down] });
      case '/_sim/refuse-credentials':
        refuseCredentials(input.platforms ?? 'all', input.status === 401 || input.status === 403 ? input.status : null);
        return json(res, 200, { ok: true, refused: Object.fromEntries(refused) });
      default:
        return json(res, 404, { error: 'unknown control endpoint' });
    }
  }

  function setDown(names: string[] | 'all', isDown: boolean) {
    for (const n of names === 'all' ? opts.simulators.map((s) => s.name) : names) {
      if (isDown) down.add(n);
      else down.delete(n);
    }
  }

  function refuseCredentials(names: string[] | 'all', status: 401 | 403 | null) {
    for (const n of names === 'all' ? opts.simulators.map((s) => s.name) : names) {
      if (status) refused.set(n, status);
      else refused.delete(n);
    }
  }

  function stats() {
    return Object.fromEntries(opts.simulators.map((s) => [s.name, { ...s.stats(), injected: { ...injected[s.name] } }]));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    simulators: opts.simulators,
    setFaults: (spec) => {
      profile = resolveProfile(spec);
      started = Date.now();
    },
    setDown,
    refuseCredentials,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function apimRefusal(s: 401 | 403) {
  return {
    statusCode: s,
    message:
      s === 401
        ? 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
        : 'You are not allowed to access this resource.',
  };
}

/** What each platform's gateway answers when it refuses the caller's credentials (its own format). */
const GATEWAY_REFUSAL: Record<PlatformSimulator['name'], (status: 401 | 403) => unknown> = {
  // Azure APIM in front of GPD and of IO.
  gpd: (s) => apimRefusal(s),
  io: (s) => apimRefusal(s),
  agenda: (s) => ({
    error: s === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
    message: s === 401 ? 'Token non valido o scaduto' : 'Ente non abilitato al servizio',
  }),
  anpr: (s) => ({ error: s === 401 ? 'Unauthorized' : 'Forbidden' }),
};

function jsonBody(body: Buffer): Record<string, unknown> {
  try {
    return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// jscpd:ignore-start -- the same body limit as electron/host/http.ts, kept apart: a simulator never imports the client (simulators/README.md)
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
// jscpd:ignore-end

/** Real platforms send Date: the client uses it to detect clock skew. */
function withDate(res: ServerResponse, skewMs: number): ServerResponse {
  if (!res.hasHeader('Date')) res.setHeader('Date', new Date(Date.now() + skewMs).toUTCString());
  return res;
}

/** Holds the end of an answer back by `ms` (the return leg of the network). */
function answerAfter(res: ServerResponse, ms: number): ServerResponse {
  if (ms <= 0) return res;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    setTimeout(() => end(...args), ms);
    return res;
  }) as ServerResponse['end'];
  return res;
}

/** A response object that lets a handler run to completion while its answer goes nowhere. */
function discardingResponse(req: IncomingMessage): ServerResponse {
  const sink = new ServerResponse(req);
  sink.write = () => true;
  sink.end = function end(this: ServerResponse) {
    return this;
  } as ServerResponse['end'];
  return sink;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
