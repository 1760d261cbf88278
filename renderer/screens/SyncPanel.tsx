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

export function SyncPanel() {
  const m = t.sync;
  const sync = useSession((s) => s.sync);
  const [items, setItems] = useState<AttentionItem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  // After a resend or a discard the card is gone: the keyboard goes to the notice saying so.
  const doneRef = useRef<HTMLDivElement>(null);
  const { error, run } = useAction();
  const reload = () =>
    call('sync.attention', {})
      .then(setItems)
      .catch(() => undefined);
  useEffect(() => void reload(), [sync?.attentionItems]);

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
      {items.length === 0 ? <p data-testid="attention-empty">{m.attentionEmpty}</p> : <p>{m.attentionIntro}</p>}
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
    </section>
  );
}
