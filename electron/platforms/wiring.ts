/**
 * Builds the adapter of every configured platform, the item handlers of every room, and the
 * background jobs that pull from the platforms (GPD payments, online CIE bookings).
 * Configuration comes from the Settings (encrypted database) or, in demo mode, from the local
 * simulators, which also hand out the demo certificates.
 */
import { anagrafeHandlers } from '../core/anagrafe/handlers';
import { getComuneSettings } from '../core/anagrafe/id-operazione';
import { getOperator } from '../core/auth/operators';
import { agendaItemHandlers } from '../core/cie/sync-handlers';
import { releaseUnconfirmed } from '../core/cie/bookings';
import type { Logger } from '../core/log';
import { gpdItemHandlers } from '../core/pagopa/status';
import { getPagopaSettings } from '../core/pagopa/settings';
import { getSetting } from '../core/settings/settings';
import type { Actor, Db } from '../core/store/types';
import type { Adapter, ItemHandler, ProbeResult } from '../core/sync/types';
import { createAgendaAdapter } from './agenda/adapter';
import { pullOnlineBookings, type PullSummary } from './agenda/puller';
import type { AnprConfig } from './anpr/config';
import type { AnprAdapterDeps } from './anpr/adapter';
import { createGpdAdapter } from './gpd/adapter';
import { startGpdPoller, type GpdPoller } from './gpd/poller';

/** Base URLs of the national platforms; in demo mode those of the local simulators. */
export interface PlatformEndpoints {
  anpr?: string;
  gpd?: string;
  agenda?: string;
  /** Demo only: where the simulators hand out the demo ANPR certificates. */
  demoCredentialsUrl?: string;
}

/** What the responsabile configures for production, kept in the encrypted Settings. */
export interface PlatformSettings {
  anpr?: Omit<AnprConfig, 'codiceIstatComune'>;
  gpd?: { endpoint: string; subscriptionKey: string };
  agenda?: { baseUrl: string; token?: string };
}

export interface PlatformJobs {
  start(): void;
  stop(): Promise<void>;
  /** Fetch payments now (e.g. the link is back, or the clerk opened the notices). */
  pollPayments(): Promise<void>;
  /** Fetch online CIE bookings now. */
  pullBookings(): Promise<PullSummary | null>;
}

export interface Platforms {
  adapters: Adapter[];
  handlers: ItemHandler[];
  jobs: PlatformJobs;
}

export interface WiringOptions {
  db: Db;
  endpoints: PlatformEndpoints | undefined;
  log: Logger;
  systemActor: Actor;
  demo: boolean;
  /** Something changed that the UI should hear about. */
  onChange(): void;
}

/** A valid demo codice fiscale used as SAML NameID when a demo operator has none. */
const DEMO_OPERATOR_CF = 'DMEPTR80A01A577B';

export function buildPlatforms(o: WiringOptions): Platforms {
  const readSettings = () => getSetting<PlatformSettings>(o.db, 'platforms') ?? {};
  const settings = readSettings();
  const adapters: Adapter[] = [];

  const anprAdapter = anpr(o, settings, readSettings);
  if (anprAdapter) adapters.push(anprAdapter);

  const gpdCfg = o.endpoints?.gpd
    ? { endpoint: o.endpoints.gpd, subscriptionKey: 'demo-subscription-key' }
    : settings.gpd;
  if (gpdCfg) {
    // Built on use, so pagoPA settings saved after start (and a changed CF ente) take effect at once;
    // the subscription key is read again from the Settings when the engine asks (credentials changed).
    let gpdCurrent = gpdCfg;
    let generation = 0;
    adapters.push(lazyAdapter('gpd', { concurrency: 4, rateLimit: { calls: 80, perMs: 10_000 } }, null, () => {
      const pagopa = getPagopaSettings(o.db);
      if (!pagopa) throw new Error('pagoPA settings missing');
      return { key: `${pagopa.cfEnte}#${generation}`, build: () => createGpdAdapter({ ...gpdCurrent, cfEnte: pagopa.cfEnte }) };
    }, () => {
      if (!o.endpoints?.gpd) gpdCurrent = readSettings().gpd ?? gpdCurrent;
      generation++;
    }));
  }

  const agendaCfg = o.endpoints?.agenda ? { baseUrl: o.endpoints.agenda } : settings.agenda;
  if (agendaCfg) {
    let agendaCurrent = agendaCfg;
    let generation = 0;
    adapters.push(lazyAdapter('agenda', { concurrency: 2 }, null, () => ({ key: String(generation), build: () => createAgendaAdapter(agendaCurrent) }), () => {
      if (!o.endpoints?.agenda) agendaCurrent = readSettings().agenda ?? agendaCurrent;
      generation++;
    }));
  }

  let poller: GpdPoller | null = null;
  let agendaTimer: NodeJS.Timeout | null = null;
  const pullBookings = async (): Promise<PullSummary | null> => {
    if (!agendaCfg) return null;
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
    handlers: [...anagrafeHandlers, ...gpdItemHandlers, ...agendaItemHandlers],
    jobs: {
      start() {
        if (gpdCfg) {
          poller = startGpdPoller(o.db, gpdCfg, o.systemActor, {
            intervalMs: o.demo ? 5_000 : 60_000,
            onPaid: () => o.onChange(),
            onSetAside: (iupds) => { o.log.warn('gpd.position_not_found', { notices: iupds.length }); o.onChange(); },
          });
        }
        if (agendaCfg) {
          agendaTimer = setInterval(() => void pullBookings(), o.demo ? 10_000 : 60_000);
          agendaTimer.unref();
        }
      },
      async stop() {
        if (agendaTimer) clearInterval(agendaTimer);
        await poller?.stop();
      },
      async pollPayments() {
        await poller?.pollNow().catch((e: unknown) => o.log.warn('gpd.poll_failed', { error: String(e) }));
        o.onChange();
      },
      pullBookings,
    },
  };
}

/**
 * The ANPR adapter. In demo mode its certificates come from the simulators, fetched on first use
 * (they are made when the simulators start), so the adapter is built lazily.
 */
function anpr(o: WiringOptions, settings: PlatformSettings, readSettings: () => PlatformSettings): Adapter | null {
  let istat: string;
  try {
    istat = getComuneSettings(o.db).comuneIstat;
  } catch {
    return null; // the Comune is not configured yet: nothing can be sent to ANPR
  }
  const deps: AnprAdapterDeps = {
    operatorCodiceFiscale: (id: string) => getOperator(o.db, id)?.codiceFiscale ?? (o.demo ? DEMO_OPERATOR_CF : null),
  };
  // SOAP, XML signatures and PKCS#12 (xml-crypto, node-forge) load on first send, not at start.
  const build = async (config: AnprConfig) => (await import('./anpr/adapter')).createAnprAdapter(config, deps);
  let configured = settings.anpr;
  if (configured && !o.endpoints?.anpr) {
    let generation = 0;
    return lazyAdapter('anpr', { concurrency: configured.concurrency ?? 2 }, configured.endpoint, () => ({
      key: `settings#${generation}`,
      build: () => build({ ...configured!, codiceIstatComune: istat }),
    }), () => {
      // A renewed certificate installed in the Settings: the next send signs with it.
      configured = readSettings().anpr ?? configured;
      generation++;
    });
  }
  const endpoint = o.endpoints?.anpr;
  const credsUrl = o.endpoints?.demoCredentialsUrl;
  if (!endpoint || !credsUrl) return null;

  let credentials: Promise<DemoCredentialsAnswer> | null = null;
  const fetchCredentials = () =>
    (credentials ??= fetch(credsUrl, { signal: AbortSignal.timeout(15_000) })
      .then((r) => {
        if (!r.ok) throw new Error(`demo credentials: HTTP ${r.status}`);
        return r.json() as Promise<DemoCredentialsAnswer>;
      })
      .catch((e: unknown) => { credentials = null; throw e; }));
  let generation = 0;
  return lazyAdapter('anpr', { concurrency: 2 }, endpoint, async () => {
    const c = await fetchCredentials();
    return {
      key: `demo#${generation}`,
      build: () => build({
        endpoint, codiceIstatComune: istat, tipoInvio: 'TEST', idPostazione: 'PC-0001', comuneCertificate: c.comune, postazioneCertificate: c.postazione,
      }),
    };
  }, () => {
    // Demo: the simulators hand out the renewed certificate (after /_sim/rotate-ca) at the same URL.
    credentials = null;
    generation++;
  });
}

interface DemoCredentialsAnswer {
  comune: { p12: string; password: string };
  postazione: { p12: string; password: string };
}

type Resolved = { key: string; build(): Adapter | Promise<Adapter> };

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
): Adapter {
  let current: { key: string; adapter: Promise<Adapter> } | null = null;
  const get = async () => {
    const r = await resolve();
    if (current?.key !== r.key) {
      const adapter = Promise.resolve(r.build());
      adapter.catch(() => { if (current?.adapter === adapter) current = null; }); // try again next time
      current = { key: r.key, adapter };
    }
    return current.adapter;
  };
  return {
    platform,
    ...shape,
    reloadCredentials: reload,
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
