/**
 * A Sportello host (browser mode, production data folder, no national platform configured) that
 * belongs to the test's hub: the folder is prepared before the first start with the workstation the
 * hub handed out, the hub's connection in the encrypted settings, and the CIE station every counter
 * shares (remote id SEDE-1, open every day 08:00–18:00).
 */
import { randomUUID } from 'node:crypto';
import { HUB_SETTING_KEY } from '../../../electron/core/cie/hub-push';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { setSetting } from '../../../electron/core/settings/settings';
import { systemActor } from '../../../electron/core/settings/workstation';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { callHost, serveSportello, type ServedSportello } from '../../support/serve';

/** `hub`: the connection as the join keeps it (test/support/hub.ts hubSettingFor); null: a single-PC Comune. */
export function prepareCounterFolder(dir: string, hub: { number: number } | null, number = hub?.number ?? 1): void {
  const { db } = openStore(dir, keyFileProvider);
  try {
    const ws = { id: randomUUID(), number, name: `Sportello ${number}` };
    setSetting(db, 'workstation', ws);
    if (hub) setSetting(db, HUB_SETTING_KEY, hub);
    const actor = systemActor(ws.id);
    const station = createStation(db, actor, { name: 'Postazione CIE', place: 'Municipio', remoteId: 'SEDE-1', onlineQuotaPercent: 0 });
    setOpeningHours(
      db,
      actor,
      station.id,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
    );
  } finally {
    db.close();
  }
}

export interface CounterHost {
  host: ServedSportello;
  call(name: string, input?: unknown): Promise<any>;
}

/** Starts the host on a prepared folder; the first start creates the responsabile, later ones sign in. */
export async function startCounterHost(dir: string, first: boolean): Promise<CounterHost> {
  const host = await serveSportello(['--data', dir, '--probe-ms', '300', '--skip-rehearsal']);
  const raw = async (name: string, input: unknown = {}) => {
    try {
      return await callHost(host, name, input);
    } catch (e) {
      throw new Error(`${name}: ${String(e)}\n${host.output()}`);
    }
  };
  const who = { username: 'resp', password: 'segreta123' };
  const r = first
    ? await raw('session.setup', { ...who, displayName: 'Rita Responsabile', codiceFiscale: 'DMEPTR80A01A577B' })
    : await raw('session.login', who);
  if (!r.body.ok) throw new Error(`sign in: ${JSON.stringify(r.body.error)}\n${host.output()}`);
  return {
    host,
    async call(name, input = {}) {
      const a = await raw(name, input);
      if (!a.body.ok) throw new Error(`${name}: ${JSON.stringify(a.body.error)}`);
      return a.body.data;
    },
  };
}
