import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { useSession } from '../../stores/session';
import { useCie } from './store';

type Station = OutputOf<'cie.config.get'>['stations'][number];

/** Re-read when the agenda's queue or health changes (a push answered, a pull brought news). */
export function useAgendaSyncKey(): string {
  return useSession((s) => {
    const p = s.sync?.platforms.find((x) => x.platform === 'agenda');
    return p ? `${p.health}:${p.counts.pending}:${p.counts.done}:${p.counts.attention}:${p.counts.waiting}` : '';
  });
}

/**
 * With a Comune hub: changes at each sync event (the hub is read every few seconds), so the day
 * view and the queue show what the other counters did; without a hub: never changes.
 */
export function useHubTick(): unknown {
  return useSession((s) => (s.sync?.platforms.some((p) => p.platform === 'hub') ? s.sync : null));
}

export function useStations(): Station[] | null {
  const [stations, setStations] = useState<Station[] | null>(null);
  const { stationId, setStation } = useCie();
  useEffect(() => {
    call('cie.config.get', {})
      .then((c) => {
        setStations(c.stations);
        const active = c.stations.filter((s) => s.active);
        if (!stationId || !c.stations.some((s) => s.id === stationId)) {
          if (active[0]) setStation(active[0].id);
        }
      })
      .catch(() => setStations([]));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return stations;
}
