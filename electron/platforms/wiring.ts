/**
 * Builds the adapter of every configured platform, the outbox handlers of every room, and the
 * background jobs that pull from the platforms (GPD payments, online CIE bookings).
 * Configuration comes from the Settings (encrypted database) or, in demo mode, from the local
 * simulators, which also hand out the demo certificates.
 */
import { anagrafeOutboxHandlers } from '../core/anagrafe/outbox-handlers';
import { allocateIdOperazioneComune } from '../core/anagrafe/id-operazione';
import { getComuneSettings } from '../core/comune/settings';
import { getOperator, listOperators } from '../core/auth/operators';
import { agendaOutboxHandlers } from '../core/cie/outbox-handlers';
import { hubOutboxHandlers } from '../core/cie/hub-handlers';
import { resendAllToHub } from '../core/cie/hub-rebuild';
import { hubConnectionOf } from '../core/settings/hub';
import type { HubPullSummary } from './hub/puller';
import type { HubLane } from './hub/lane';
import type { HubJoinRequest } from './hub/setup-join';
import type { Workstation } from '../core/settings/workstation';
import { releaseUnconfirmed } from '../core/cie/bookings';
import type { AnprExtractionPort } from '../core/anagrafe/initial-load';
import type { Logger } from '../core/log';
import { romeDate } from '../core/rome-time';
import { gpdOutboxHandlers } from '../core/pagopa/outbox-handlers';
import { ioOutboxHandlers } from '../core/io/outbox-handlers';
import { getIoSettings, IO_PRODUCTION_ENDPOINT, serviceById } from '../core/io/settings';
import { clearSubmitting, markSubmitting, wasSubmitting } from '../core/io/submissions';
import { getPagopaSettings } from '../core/pagopa/settings';
import { platformsOf, type StoredPlatforms } from '../core/settings/production';
import { SportelloError, ValidationError } from '../core/errors';
import type { Actor, Db } from '../core/store/types';
import type { SyncEngine } from '../core/sync/engine';
import type { Adapter, OutboxHandler, Platform, ProbeResult } from '../core/sync/types';
import { createAgendaAdapter } from './agenda/adapter';
import { pullOnlineBookings, type PullSummary } from './agenda/puller';
import type { AnprConfig } from './anpr/config';
import type { AnprAdapterDeps } from './anpr/adapter';
import { createGpdAdapter } from './gpd/adapter';
import { createIoAdapter } from './io/adapter';
import { startGpdPoller, type GpdPoller } from './gpd/poller';
import type { ConnectionOutcome } from './connection-test';
import type { AnprPerson } from '../core/anagrafe/consultation';
import type { Pratica3002 } from '../core/anagrafe/pratica-model';
import type { AnprClient } from './anpr/client';
import type { Pkcs12Source } from './anpr/credentials';
import { startNotificationPoller, type NotificationPoller } from './anpr-notifications/poller';
import type { N000Listener } from './anpr-notifications/n000';

/** Base URLs of the national platforms; in demo mode those of the local simulators. */
export interface PlatformEndpoints {
  anpr?: string;
  gpd?: string;
  agenda?: string;
  /** IO's API for services, up to its basePath's parent (`<url>/api/v1/…`); the simulator's `<sim>/io` in demo. */
  io?: string;
  /** Demo only: where the simulators hand out the demo ANPR certificates. */
  demoCredentialsUrl?: string;
}

/** What the responsabile configures for production, kept in the encrypted Settings (core/settings/production). */
export type PlatformSettings = StoredPlatforms;

export interface PlatformJobs {
  start(): void;
  stop(): Promise<void>;
  /** Fetch payments now (e.g. the link is back, or the clerk opened the notices). */
  pollPayments(): Promise<void>;
  /** Fetch online CIE bookings now. */
  pullBookings(): Promise<PullSummary | null>;
  /** The initial load's ANPR extraction calls, for the operator who starts or resumes it. */
  anprExtraction(caller: { operatorCodiceFiscale: string | null }): Promise<AnprExtractionPort>;
  /** Ask ANPR for the Comune's notifications now (e.g. the link is back). */
  pollNotifications(): Promise<void>;
  /** "Prova collegamento" with the saved production settings (one read-only call). */
  testConnection(platform: Platform, caller: { operatorCodiceFiscale: string | null }): Promise<ConnectionOutcome>;
  /** "Cerca in ANPR": one 3002 now, on behalf of the operator (core/anagrafe/consultation audits it). */
  consultAnpr(request: Pratica3002, idOperazioneComune: string, operatorId: string): Promise<AnprPerson[]>;
  /** Reads the Comune hub now (the other counters' bookings and tickets, the workstations); null without a hub or when not reached. */
  pullHub(): Promise<HubPullSummary | null>;
  /**
   * The workstation joined the Comune hub while running: the puller starts, and the hub's adapter is
   * handed out for the engine's new lane (`sync.addAdapter`); null while no hub is configured.
   */
  hubJoined(): Adapter | null;
  /** A new, empty hub: this counter sends it again its current bookings and today's tickets (0 without a hub). */
  resendToHub(actor: Actor): { bookings: number; tickets: number };
  /**
   * Set-up: this PC joins the Comune hub with a one-time code (platforms/hub/join.ts, through
   * hub/setup-join.ts: refusals name the field at fault, in Italian); then the hub's lane opens in
   * the engine (or, on a re-join, follows the new credentials and a paused lane tries again now),
   * the hub is read at once and `onJoined` tells the windows (header, notice numbers: no restart).
   */
  joinHub(
    actor: Actor,
    req: HubJoinRequest,
    engine: Pick<SyncEngine, 'addAdapter' | 'credentialsChanged'>,
    onJoined: () => void,
  ): Promise<Workstation>;
}

export interface Platforms {
  adapters: Adapter[];
  outboxHandlers: OutboxHandler[];
  jobs: PlatformJobs;
}

export interface WiringOptions {
  db: Db;
  endpoints: PlatformEndpoints | undefined;
  log: Logger;
  systemActor: Actor;
  demo: boolean;
  /** Port on 127.0.0.1 for ANPR's N000 pushes (anpr-notifications/n000.ts); absent: polling only. */
  anprPushPort?: number;
  /** How often the Comune hub is read while reachable (default 3 s). */
  hubPullMs?: number;
  /** The app's clock (injectable: tests start it at a chosen instant); the system clock when absent. */
  now?: () => Date;
  /** Something changed that the UI should hear about. */
  onChange(): void;
}

/** A valid demo codice fiscale used as SAML NameID when a demo operator has none. */
const DEMO_OPERATOR_CF = 'DMEPTR80A01A577B';

export function buildPlatforms(o: WiringOptions): Platforms {
  const settings = platformsOf(o.db);
  const adapters: Adapter[] = [];

  const anprAdapter = anpr(o);
  if (anprAdapter) adapters.push(anprAdapter);
  // The notification poller signs with the adapter's own client (same certificates, same settings).
  const anprClient = async (): Promise<AnprClient | undefined> =>
    anprAdapter ? ((await anprAdapter.built()) as Adapter & { client?: AnprClient }).client : undefined;
  // SAML NameID of the background poll: an active anagrafe operator (or the responsabile) with a codice fiscale.
  const pollingOperatorCf = () =>
    listOperators(o.db).find((op) => op.active && op.codiceFiscale && (op.roles.includes('anagrafe') || op.roles.includes('responsabile')))
      ?.codiceFiscale ?? (o.demo ? DEMO_OPERATOR_CF : null);
  let notifications: NotificationPoller | null = null;
  let pushListener: Promise<N000Listener | null> | null = null;

  // Production reads its settings on every use: what the responsabile saves takes effect at once,
  // and a platform not configured yet is simply unreachable (its items wait in the queue) and
  // its background job skips quietly.
  const production = !o.demo && !o.endpoints;
  const liveGpd = () =>
    o.endpoints?.gpd
      ? { endpoint: o.endpoints.gpd, subscriptionKey: 'demo-subscription-key' }
      : production
        ? platformsOf(o.db).gpd
        : settings.gpd;
  const gpdLane = production || liveGpd() !== undefined;
  if (gpdLane) {
    // Built on use, so pagoPA settings saved after start (and a changed CF ente or key) take effect
    // at once; the engine's credentialsChanged rebuilds it too.
    let generation = 0;
    adapters.push(
      lazyAdapter(
        'gpd',
        { concurrency: 4, rateLimit: { calls: 80, perMs: 10_000 } },
        null,
        () => {
          const pagopa = requireConfigured(getPagopaSettings(o.db) ?? undefined, 'gpd');
          const cfg = requireConfigured(liveGpd(), 'gpd');
          return {
            key: `${pagopa.cfEnte} ${cfg.endpoint} ${cfg.subscriptionKey}#${generation}`,
            build: () => createGpdAdapter({ ...cfg, cfEnte: pagopa.cfEnte }),
          };
        },
        () => {
          generation++;
        },
      ),
    );
  }

  const liveAgenda = () =>
    o.endpoints?.agenda ? { baseUrl: o.endpoints.agenda } : production ? platformsOf(o.db).agenda : settings.agenda;
  const agendaLane = production || liveAgenda() !== undefined;
  if (agendaLane) {
    let generation = 0;
    adapters.push(
      lazyAdapter(
        'agenda',
        { concurrency: 2 },
        null,
        () => {
          const cfg = requireConfigured(liveAgenda(), 'agenda');
          return { key: `${cfg.baseUrl} ${cfg.token ?? ''}#${generation}`, build: () => createAgendaAdapter(cfg) };
        },
        () => {
          generation++;
        },
      ),
    );
  }

  // The Comune hub: a lane only where a hub is configured (a single-PC Comune runs exactly as before,
  // and never loads the hub's modules or `pg`).
  const hubSetting = () => hubConnectionOf(o.db);
  let hubLane: Promise<HubLane> | null = null;
  const hubOnUse = () =>
    (hubLane ??= import('./hub/lane').then((m) =>
      m.createHubLane({
        db: o.db,
        system: o.systemActor,
        now: () => o.now?.() ?? new Date(),
        intervalMs: o.hubPullMs ?? 3_000,
        log: o.log,
        onChange: o.onChange,
      }),
    ));
  const hubAdapter: Adapter = {
    platform: 'hub',
    concurrency: 2,
    send: async (item, ctx) => (await hubOnUse()).adapter.send(item, ctx),
    probe: async (signal) => {
      try {
        return await (await hubOnUse()).adapter.probe(signal);
      } catch (e) {
        return { reachable: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
  let hubRunning = false;
  const startHub = () => {
    if (hubRunning || !hubSetting()) return false;
    hubRunning = true;
    void hubOnUse().then((l) => l.puller.start());
    return true;
  };
  if (hubSetting()) adapters.push(hubAdapter);
  const pullHub = async () => (hubRunning ? (await hubOnUse()).puller.pullNow() : null);
  /** The hub's lane once this PC has joined (started now if it was not running), else null. */
  const hubJoined = () => (startHub() || hubRunning ? hubAdapter : null);

  // IO: a lane always (messages are queued only while a service is configured); the endpoint and
  // each service's key are read at every send, so what the responsabile saves takes effect at once.
  adapters.push(
    createIoAdapter({
      endpoint: () => o.endpoints?.io ?? getIoSettings(o.db)?.endpoint ?? IO_PRODUCTION_ENDPOINT,
      apiKey: (serviceId) => serviceById(o.db, serviceId)?.apiKey,
      configured: () => getIoSettings(o.db) !== undefined,
      journal: {
        wasSubmitting: (id) => wasSubmitting(o.db, id),
        markSubmitting: (id) => markSubmitting(o.db, id),
        clearSubmitting: (id) => clearSubmitting(o.db, id),
      },
      concurrency: 4,
    }),
  );

  let poller: GpdPoller | null = null;
  let agendaTimer: NodeJS.Timeout | null = null;
  const pullBookings = async (): Promise<PullSummary | null> => {
    const agendaCfg = liveAgenda();
    if (!agendaCfg) return null; // not configured (yet): nothing to pull, nothing to report
    try {
      releaseUnconfirmed(o.db, o.systemActor);
      const r = await pullOnlineBookings(o.db, o.systemActor, agendaCfg);
      o.onChange();
      return r;
    } catch (e) {
      o.log.warn('agenda.pull_failed', { error: e instanceof Error ? e.message : String(e) });
      return null;
    }
  };

  return {
    adapters,
    outboxHandlers: [
      ...anagrafeOutboxHandlers,
      ...gpdOutboxHandlers,
      ...agendaOutboxHandlers(o.systemActor),
      ...hubOutboxHandlers(o.systemActor),
      ...ioOutboxHandlers,
    ],
    jobs: {
      start() {
        if (gpdLane) {
          poller = startGpdPoller(o.db, liveGpd, o.systemActor, {
            intervalMs: o.demo ? 5_000 : 60_000,
            onPaid: () => o.onChange(),
            onSetAside: (iupds) => {
              o.log.warn('gpd.position_not_found', { notices: iupds.length });
              o.onChange();
            },
          });
        }
        startHub();
        if (agendaLane) {
          agendaTimer = setInterval(() => void pullBookings(), o.demo ? 10_000 : 60_000);
          agendaTimer.unref();
        }
        if (anprAdapter) {
          notifications = startNotificationPoller(o.db, anprClient, o.systemActor, {
            operatorCodiceFiscale: pollingOperatorCf,
            intervalMs: o.demo ? 15_000 : 5 * 60_000,
            onReceived: (r) => {
              o.log.info('anpr.notifications', {
                applied: r.applied,
                conflicts: r.conflicts,
                duplicates: r.duplicates,
                unreadable: r.unreadable,
              });
              o.onChange();
            },
          });
        }
        if (o.anprPushPort !== undefined) {
          const port = o.anprPushPort;
          pushListener = import('./anpr-notifications/n000')
            .then((m) =>
              m.startN000Listener({
                db: o.db,
                actor: o.systemActor,
                comuneIstat: () => getComuneSettings(o.db).comuneIstat,
                port,
                host: '127.0.0.1',
                acceptPlain: Boolean(o.demo),
                onReceived: () => o.onChange(),
                decrypter: async () => {
                  const src = await anprAdapter?.comuneCertificate();
                  return src ? (await import('./anpr-notifications/decrypt')).comuneDecrypter(src) : undefined;
                },
              }),
            )
            .then((l) => {
              o.log.info('anpr.push_listening', { url: l.url });
              return l;
            })
            .catch((e: unknown) => {
              o.log.warn('anpr.push_listen_failed', { error: e instanceof Error ? e.message : String(e) });
              return null;
            });
        }
      },
      async stop() {
        if (agendaTimer) clearInterval(agendaTimer);
        await (await hubLane)?.stop();
        await poller?.stop();
        await notifications?.stop();
        await (await pushListener)?.close();
      },
      async pollNotifications() {
        await notifications?.pollNow().catch((e: unknown) => o.log.warn('anpr.notifications_failed', { error: String(e) }));
      },
      async pollPayments() {
        await poller?.pollNow().catch((e: unknown) => o.log.warn('gpd.poll_failed', { error: String(e) }));
        o.onChange();
      },
      pullBookings,
      pullHub,
      hubJoined,
      // Loaded on use, like the hub's lane: a single-PC Comune never loads pg.
      joinHub: async (actor, req, engine, onJoined) => {
        const ws = await (await import('./hub/setup-join')).joinHubForSetup(o.db, actor, req, (o.now?.() ?? new Date()).toISOString());
        const lane = hubJoined();
        if (lane) engine.addAdapter(lane);
        engine.credentialsChanged('hub');
        void pullHub();
        onJoined();
        return ws;
      },
      resendToHub: (actor) => resendAllToHub(o.db, actor, o.now?.() ?? new Date()),
      testConnection: (platform, caller) => testConnection(o.db, platform, caller),
      anprExtraction: (caller) => anprExtraction(o, caller),
      consultAnpr: async (request, idOperazioneComune, operatorId) => {
        if (!anprAdapter) return requireConfigured<never>(undefined, 'anpr');
        const cf = operatorCf(o, operatorId);
        if (!cf) throw operatorCfMissing('consultare ANPR');
        const { client } = (await anprAdapter.built()) as Adapter & { client: AnprClient };
        const { consultPerson } = await import('./anpr/lookups');
        return consultPerson(client, request, { idOperazioneComune, operatorCodiceFiscale: cf });
      },
    },
  };
}

function notConfiguredFor(what: string): ValidationError {
  return new ValidationError('SETUP_NOT_CONFIGURED', `Prima di provare il collegamento salvare ${what}.`, 'platform');
}

async function testConnection(db: Db, platform: Platform, caller: { operatorCodiceFiscale: string | null }): Promise<ConnectionOutcome> {
  // Loaded on first use, like the adapters: the ANPR client brings xml-crypto and node-forge.
  const { testAgenda, testAnpr, testGpd } = await import('./connection-test');
  const p = platformsOf(db);
  if (platform === 'gpd') {
    const pagopa = getPagopaSettings(db);
    if (!p.gpd) throw notConfiguredFor("l'indirizzo e la chiave di pagoPA");
    if (!pagopa) throw notConfiguredFor("i dati dell'ente in «Impostazioni pagoPA» (codice fiscale, codice di segregazione)");
    return testGpd(p.gpd, pagopa.cfEnte);
  }
  if (platform === 'agenda') {
    if (!p.agenda) throw notConfiguredFor("l'indirizzo del sistema di prenotazione CIE");
    return testAgenda(p.agenda);
  }
  const a = p.anpr;
  if (!a) throw notConfiguredFor("l'indirizzo di ANPR");
  if (!a.comuneCertificate || !a.postazioneCertificate) throw notConfiguredFor('i certificati del Comune e della postazione');
  const cf = caller.operatorCodiceFiscale;
  if (!cf) throw operatorCfMissing('provare ANPR');
  const c = getComuneSettings(db);
  // A consultation needs its own idOperazioneComune from the Comune's sequence, like any ANPR call.
  const id = db.transaction(() => allocateIdOperazioneComune(db))();
  return testAnpr(
    { ...a, comuneCertificate: a.comuneCertificate, postazioneCertificate: a.postazioneCertificate, codiceIstatComune: c.comuneIstat },
    {
      comune: { nomeComune: c.comuneName, codiceIstat: c.comuneIstat, siglaProvinciaIstat: c.siglaProvincia },
      operatorCodiceFiscale: cf,
      idOperazioneComune: id,
      now: new Date(),
    },
  );
}

function operatorCfMissing(what: string): ValidationError {
  return new ValidationError(
    'SETUP_OPERATOR_CF',
    `Per ${what} serve il codice fiscale dell'operatore, come registrato in ANPR: chiedere di aggiungerlo al proprio profilo in «Operatori».`,
    'platform',
  );
}

/** The operator's codice fiscale, the SAML NameID of an ANPR call made on their behalf. */
function operatorCf(o: WiringOptions, operatorId: string): string | null {
  return getOperator(o.db, operatorId)?.codiceFiscale ?? (o.demo ? DEMO_OPERATOR_CF : null);
}

/**
 * The ANPR adapter. In demo mode its certificates come from the simulators, fetched on first use
 * (they are made when the simulators start), so the adapter is built lazily.
 */
type AnprLazyAdapter = BuiltOnUse & {
  /** The Comune's certificate (N000 contents are encrypted for it); undefined while not configured. */
  comuneCertificate(): Promise<Pkcs12Source | undefined>;
};

function anpr(o: WiringOptions): AnprLazyAdapter | null {
  let istat = '';
  try {
    istat = getComuneSettings(o.db).comuneIstat;
  } catch {
    if (o.demo) return null; // the Comune is not configured yet: nothing can be sent to ANPR
  }
  const deps: AnprAdapterDeps = {
    operatorCodiceFiscale: (id: string) => operatorCf(o, id),
  };
  // SOAP, XML signatures and PKCS#12 (xml-crypto, node-forge) load on first send, not at start.
  const build = async (config: AnprConfig) => (await import('./anpr/adapter')).createAnprAdapter(config, deps);
  if (!o.demo && !o.endpoints?.anpr) {
    // Production: the settings are read at each send, so a renewed certificate saved by the
    // responsabile signs the next request (its key changes); credentialsChanged rebuilds as well.
    let generation = 0;
    const adapter = lazyAdapter(
      'anpr',
      { concurrency: 2 },
      null,
      () => {
        const a = platformsOf(o.db).anpr;
        if (!a?.comuneCertificate || !a.postazioneCertificate) requireConfigured(undefined, 'anpr');
        const config = {
          ...a!,
          comuneCertificate: a!.comuneCertificate!,
          postazioneCertificate: a!.postazioneCertificate!,
          codiceIstatComune: getComuneSettings(o.db).comuneIstat,
        };
        return { key: `${JSON.stringify(config)}#${generation}`, build: () => build(config) };
      },
      () => {
        generation++;
      },
    );
    return { ...adapter, comuneCertificate: async () => platformsOf(o.db).anpr?.comuneCertificate };
  }
  const endpoint = o.endpoints?.anpr;
  const credsUrl = o.endpoints?.demoCredentialsUrl;
  if (!endpoint || !credsUrl) return null;

  let credentials: Promise<DemoCredentialsAnswer> | null = null;
  const fetchCredentials = () =>
    (credentials ??= loadDemoCredentials(credsUrl).catch((e: unknown) => {
      credentials = null;
      throw e;
    }));
  let generation = 0;
  const adapter = lazyAdapter(
    'anpr',
    { concurrency: 2 },
    endpoint,
    async () => {
      const c = await fetchCredentials();
      return {
        key: `demo#${generation}`,
        build: () => build(demoAnprConfig(endpoint, istat, c)),
      };
    },
    () => {
      // Demo: the simulators hand out the renewed certificate (after /_sim/rotate-ca) at the same URL.
      credentials = null;
      generation++;
    },
  );
  return { ...adapter, comuneCertificate: async () => (await fetchCredentials()).comune };
}

function loadDemoCredentials(url: string): Promise<DemoCredentialsAnswer> {
  return fetch(url, { signal: AbortSignal.timeout(15_000) }).then((r) => {
    if (!r.ok) throw new Error(`demo credentials: HTTP ${r.status}`);
    return r.json() as Promise<DemoCredentialsAnswer>;
  });
}

function demoAnprConfig(endpoint: string, istat: string, c: DemoCredentialsAnswer): AnprConfig {
  return {
    endpoint,
    codiceIstatComune: istat,
    tipoInvio: 'TEST',
    idPostazione: 'PC-0001',
    comuneCertificate: c.comune,
    postazioneCertificate: c.postazione,
  };
}

/** The ANPR configuration in use now (demo: the simulators'; production: the saved settings). */
async function currentAnprConfig(o: WiringOptions): Promise<AnprConfig> {
  const istat = getComuneSettings(o.db).comuneIstat;
  if (o.endpoints?.anpr && o.endpoints.demoCredentialsUrl) {
    return demoAnprConfig(o.endpoints.anpr, istat, await loadDemoCredentials(o.endpoints.demoCredentialsUrl));
  }
  const a = requireConfigured(platformsOf(o.db).anpr, 'anpr');
  if (!a.comuneCertificate || !a.postazioneCertificate) requireConfigured(undefined, 'anpr');
  return { ...a, comuneCertificate: a.comuneCertificate!, postazioneCertificate: a.postazioneCertificate!, codiceIstatComune: istat };
}

/** The initial load's ANPR side (4001/4002/4005), signed on behalf of the operator who started it. */
async function anprExtraction(o: WiringOptions, caller: { operatorCodiceFiscale: string | null }): Promise<AnprExtractionPort> {
  const cf = caller.operatorCodiceFiscale ?? (o.demo ? DEMO_OPERATOR_CF : null);
  if (!cf) {
    throw new ValidationError(
      'SETUP_OPERATOR_CF',
      "Per chiedere l'estrazione ad ANPR serve il codice fiscale dell'operatore, come registrato in ANPR: chiedere di aggiungerlo al proprio profilo in «Operatori».",
      'source',
    );
  }
  const config = await currentAnprConfig(o);
  const [{ createAnprClient }, { createExtractionPort }] = await Promise.all([import('./anpr/client'), import('./anpr/extraction')]);
  const c = getComuneSettings(o.db);
  return createExtractionPort(createAnprClient(config), {
    operatorCodiceFiscale: cf,
    comune: { nomeComune: c.comuneName, codiceIstat: c.comuneIstat, siglaProvinciaIstat: c.siglaProvincia },
    today: () => romeDate(o.now?.() ?? new Date()),
  });
}

interface DemoCredentialsAnswer {
  comune: { p12: string; password: string };
  postazione: { p12: string; password: string };
}

type Resolved = { key: string; build(): Adapter | Promise<Adapter> };

/** An adapter built on use; `built()` hands out the instance (e.g. the ANPR client for a look-up). */
type BuiltOnUse = Adapter & { built(): Promise<Adapter> };

const PLATFORM_LABEL = { anpr: 'ANPR', gpd: 'pagoPA GPD', agenda: 'il sistema di prenotazione CIE', io: 'IO' } as const;

/** Production: a platform the responsabile has not configured yet cannot be reached. */
function requireConfigured<T>(cfg: T | undefined, platform: keyof typeof PLATFORM_LABEL): T {
  if (!cfg) {
    throw new SportelloError(
      'PLATFORM_NOT_CONFIGURED',
      `Collegamento con ${PLATFORM_LABEL[platform]} non ancora configurato: il responsabile lo imposta in Impostazioni.`,
      { platform },
    );
  }
  return cfg;
}

/**
 * An adapter built when first needed, and built again when its configuration's key changes
 * (`resolve` throws while the platform cannot be configured yet: sends retry, probes say down).
 * With `probeUrl`, probes are a plain GET there (any HTTP answer means reachable), so watching a
 * platform never pays for building its adapter.
 */
function lazyAdapter(
  platform: Adapter['platform'],
  shape: Pick<Adapter, 'concurrency' | 'rateLimit'>,
  probeUrl: string | null,
  resolve: () => Resolved | Promise<Resolved>,
  reload?: () => void,
): BuiltOnUse {
  let current: { key: string; adapter: Promise<Adapter> } | null = null;
  const get = async () => {
    const r = await resolve();
    if (current?.key !== r.key) {
      const adapter = Promise.resolve(r.build());
      adapter.catch(() => {
        if (current?.adapter === adapter) current = null;
      }); // try again next time
      current = { key: r.key, adapter };
    }
    return current.adapter;
  };
  return {
    platform,
    ...shape,
    reloadCredentials: reload,
    built: get,
    send: async (item, ctx) => (await get()).send(item, ctx),
    probe: async (signal): Promise<ProbeResult> => {
      try {
        if (probeUrl) return await plainProbe(probeUrl, signal);
        return await (await get()).probe(signal);
      } catch (e) {
        return { reachable: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

async function plainProbe(url: string, signal: AbortSignal): Promise<ProbeResult> {
  const t0 = Date.now();
  const res = await fetch(url, { signal });
  await res.arrayBuffer();
  return { reachable: true, serverDate: res.headers.get('date') ?? undefined, latencyMs: Date.now() - t0 };
}
