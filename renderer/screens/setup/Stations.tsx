import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { ScrollTable } from '../../components/ScrollTable';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { useNav } from '../../stores/nav';

type List = OutputOf<'hub.workstations'>;

const when = (iso: string) =>
  new Date(iso).toLocaleString('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** «Postazioni» (the responsabile): the Comune's workstations as last read from the hub, with their last contact. */
export function StationsScreen() {
  const m = setupText.stations;
  const [list, setList] = useState<List | null>(null);
  const [hubSet, setHubSet] = useState<boolean | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const go = useNav((s) => s.go);
  const load = () => call('hub.workstations', {}).then(setList);
  useEffect(() => {
    void load().catch(() => undefined);
    void call('setup.get', {})
      .then((v) => setHubSet(v.hub !== null))
      .catch(() => setHubSet(null));
  }, []);

  async function refresh() {
    setInfo(null);
    const r = await run(() => call('hub.pullNow', {}));
    if (r && !r.reached) setInfo(m.notReached);
    await load();
  }

  if (hubSet === false)
    return (
      <section>
        <ScreenTitle>{m.title}</ScreenTitle>
        <Notice kind="info">{m.alone}</Notice>
        <button type="button" className="btn btn-outline-primary" onClick={() => go('setup')}>
          {m.openSetup}
        </button>
      </section>
    );
  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {info && <Notice kind="warning">{info}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <p className="small" data-testid="hub-last-read">
        {m.lastRead(list?.lastPullAt ? when(list.lastPullAt) : null)}
      </p>
      <button type="button" className="btn btn-outline-primary mb-3" disabled={busy} onClick={refresh}>
        {m.refresh}
      </button>
      {list && list.workstations.length > 0 && (
        <ScrollTable>
          <table className="table table-sm align-middle" data-testid="hub-workstations">
            <caption className="caption-top">{m.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.colName}</th>
                <th scope="col">{m.colJoined}</th>
                <th scope="col">{m.colContact}</th>
                <th scope="col">{m.colState}</th>
              </tr>
            </thead>
            <tbody>
              {list.workstations.map((w) => (
                <tr key={w.number} data-number={w.number}>
                  <th scope="row">{w.number}</th>
                  <td>
                    {w.name}
                    {w.self && <span className="badge bg-primary ms-2">{m.self}</span>}
                  </td>
                  <td>{w.joinedAt ? when(w.joinedAt) : ''}</td>
                  <td data-testid="last-contact">{w.lastContactAt ? when(w.lastContactAt) : m.never}</td>
                  <td>{w.removedAt ? m.removed(when(w.removedAt)) : m.active}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
