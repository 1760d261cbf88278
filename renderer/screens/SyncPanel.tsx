import { useEffect, useRef, useState } from 'react';
import { confirmNow } from '../components/confirmNow';
import { call } from '../api';
import { romeDateTimeText } from '../../electron/core/rome-time';
import { Notice } from '../components/Notice';
import { ScreenTitle } from '../components/ScreenTitle';
import { useAction } from '../components/useAction';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { AttentionCard, type AttentionItem } from './AttentionCard';
import { NotificationConflictCard, type NotificationConflict } from './anagrafe/NotificationConflictCard';
import { anagrafeText } from '../messages/anagrafe';

export function SyncPanel() {
  const m = t.sync;
  const sync = useSession((s) => s.sync);
  const [items, setItems] = useState<AttentionItem[]>([]);
  const [conflicts, setConflicts] = useState<NotificationConflict[]>([]);
  const [done, setDone] = useState<string | null>(null);
  // After a resend or a discard the card is gone: the keyboard goes to the notice saying so.
  const doneRef = useRef<HTMLDivElement>(null);
  const { error, run } = useAction();
  const reload = () =>
    Promise.all([
      call('sync.attention', {})
        .then(setItems)
        .catch(() => undefined),
      // Only an anagrafe operator may see them (the procedure says no otherwise): then none is shown.
      call('anagrafe.notifications.conflicts', {})
        .then(setConflicts)
        .catch(() => setConflicts([])),
    ]);
  useEffect(() => void reload(), [sync?.attentionItems, sync?.notificationConflicts]);
  const n = anagrafeText.notifications;

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      <CredentialsNotices platforms={sync?.platforms ?? []} />
      <div className="row g-3 mb-4">
        {(sync?.platforms ?? []).map((p) => (
          <div className="col-md-4" key={p.platform}>
            <div className="card card-bg h-100" data-testid={`platform-${p.platform}`} data-health={p.health}>
              <div className="card-body">
                <h2 className="h5 card-title">{m.platformNames[p.platform]}</h2>
                <p className="mb-1">
                  <strong>{p.credentials ? m.credentialsTitle : m.health[p.health]}</strong>
                  {p.draining ? ' · invio in corso' : ''}
                </p>
                <p className="small mb-2" data-testid={`last-success-${p.platform}`}>
                  {m.lastSuccess}: {p.lastSuccessAt ? romeDateTimeText(p.lastSuccessAt) : m.never}
                </p>
                {p.clockSkewWarning && p.clockSkewMs !== null && (
                  <Notice kind="warning">{m.clockSkew(Math.round(p.clockSkewMs / 1000))}</Notice>
                )}
                <dl className="row small mb-0">
                  {(['pending', 'inFlight', 'waiting', 'attention', 'done'] as const).map((k) => (
                    // One count a line: two a line wrapped "In nuovo / tentativo" in a card a third of 1024 px wide.
                    <div className="col-12 d-flex justify-content-between gap-2" key={k}>
                      <dt className="fw-normal">{m.counts[k]}</dt>
                      <dd className="mb-0" data-testid={`count-${p.platform}-${k}`}>
                        {p.counts[k]}
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            </div>
          </div>
        ))}
      </div>
      <button type="button" className="btn btn-outline-primary mb-4" onClick={() => run(() => call('sync.retryNow', {}))}>
        {m.retryNow}
      </button>

      <h2 className="h4">{m.attentionTitle}</h2>
      {items.length === 0 && conflicts.length === 0 ? (
        <p data-testid="attention-empty">{m.attentionEmpty}</p>
      ) : (
        items.length > 0 && <p>{m.attentionIntro}</p>
      )}
      <div ref={doneRef} tabIndex={-1} data-testid="attention-done">
        {done && <Notice kind="success">{done}</Notice>}
      </div>
      <ul className="list-unstyled">
        {items.map((item) => (
          <li key={item.id} className="mb-3">
            <AttentionCard
              item={item}
              onDone={async (msg) => {
                confirmNow(() => setDone(msg));
                doneRef.current?.focus();
                await reload();
              }}
            />
          </li>
        ))}
      </ul>
      {conflicts.length > 0 && (
        <>
          <h3 className="h5">{n.conflictsTitle}</h3>
          <p>{n.conflictsIntro}</p>
          <ul className="list-unstyled" data-testid="notification-conflicts">
            {conflicts.map((c) => (
              <li key={c.idOperazioneAnpr} className="mb-3">
                <NotificationConflictCard
                  item={c}
                  onDone={async (msg) => {
                    confirmNow(() => setDone(msg));
                    await reload();
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
