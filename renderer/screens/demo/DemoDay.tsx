import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { demoText as m } from '../../messages/demo';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';

type Status = OutputOf<'demo.day.status'>;
const POLL_MS = 1000;

/** Starts the day's replay and follows it; the other screens fill and drain by themselves. */
export function DemoDay() {
  const demo = useSession((s) => s.session?.demo);
  const go = useNav((s) => s.go);
  const [status, setStatus] = useState<Status | null>(null);
  const { busy, error, run } = useAction();
  const running = status?.phase === 'down' || status?.phase === 'back';

  useEffect(() => {
    if (!demo) return;
    let live = true;
    const poll = () =>
      call('demo.day.status', {})
        .then((s) => live && setStatus(s))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [demo]);

  if (!demo)
    return (
      <section>
        <ScreenTitle>{m.title}</ScreenTitle>
        <Notice kind="info">{m.onlyDemo}</Notice>
      </section>
    );
  const start = async (size: 'short' | 'full') => {
    const s = await run(() => call('demo.day.start', { size }));
    if (s) setStatus(s);
  };
  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      <div className="d-flex gap-2 flex-wrap mb-4">
        <button type="button" className="btn btn-primary" disabled={busy || running} onClick={() => void start('short')}>
          {m.short}
        </button>
        <button type="button" className="btn btn-outline-primary" disabled={busy || running} onClick={() => void start('full')}>
          {m.full}
        </button>
      </div>
      {status && (
        <div role="status" data-testid="demo-day-status" data-phase={status.phase}>
          <p className="mb-1">
            <strong>{m.phase[status.phase]}</strong>
          </p>
          {status.citizens > 0 && <p className="mb-1">{m.progress(status.served, status.citizens)}</p>}
          {status.last && (
            <p className="mb-1">
              {m.last}: {status.last}
            </p>
          )}
        </div>
      )}
      {status && status.notes.length > 0 && (
        <>
          <h2 className="h4 mt-4">{m.notesTitle}</h2>
          <ul>
            {status.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <div className="d-flex gap-2 flex-wrap">
            <button type="button" className="btn btn-outline-primary" onClick={() => go('sync')}>
              {m.openSync}
            </button>
            <button type="button" className="btn btn-outline-primary" onClick={() => go('cie-conflicts')}>
              {m.openConflicts}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
