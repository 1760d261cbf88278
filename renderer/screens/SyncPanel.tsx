import { useEffect, useState } from 'react';
import { confirmNow } from '../components/confirmNow';
import { call } from '../api';
import type { OutputOf } from '../../electron/contract';
import { romeDateTimeText } from '../../electron/core/rome-time';
import { Notice } from '../components/Notice';
import { ScreenTitle } from '../components/ScreenTitle';
import { useAction } from '../components/useAction';
import { applyEdits, flatten } from '../components/payload-fields';
import { Field } from '../components/Field';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { t } from '../messages/it';
import { useSession } from '../stores/session';

type AttentionItem = OutputOf<'sync.attention'>[number];

export function SyncPanel() {
  const m = t.sync;
  const sync = useSession((s) => s.sync);
  const [items, setItems] = useState<AttentionItem[]>([]);
  const [done, setDone] = useState<string | null>(null);
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
      {done && <Notice kind="success">{done}</Notice>}
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
                <p className="small mb-0">
                  {m.lastContact}: {p.lastContactAt ? romeDateTimeText(p.lastContactAt) : m.never}
                </p>
                <p className="small mb-2">
                  {m.lastSuccess}: {p.lastSuccessAt ? romeDateTimeText(p.lastSuccessAt) : m.never}
                </p>
                {p.clockSkewWarning && p.clockSkewMs !== null && (
                  <Notice kind="warning">{m.clockSkew(Math.round(p.clockSkewMs / 1000))}</Notice>
                )}
                <dl className="row small mb-0">
                  {(['pending', 'inFlight', 'waiting', 'attention', 'done'] as const).map((k) => (
                    <div className="col-6 d-flex justify-content-between" key={k}>
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
      <ul className="list-unstyled">
        {items.map((item) => (
          <li key={item.id} className="mb-3">
            <AttentionCard
              item={item}
              onDone={async (msg) => {
                confirmNow(() => setDone(msg));
                await reload();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function AttentionCard({ item, onDone }: { item: AttentionItem; onDone: (msg: string) => void }) {
  const m = t.sync;
  const [mode, setMode] = useState<'view' | 'correct' | 'discard'>('view');
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const leaves = flatten(item.payload);
  const headingId = `att-${item.id}`;

  return (
    <article className="card card-bg" aria-labelledby={headingId} data-testid="attention-item">
      <div className="card-body">
        <h3 id={headingId} className="h6">
          {m.platformNames[item.platform]} · {item.kind}
        </h3>
        <p className="mb-2">
          {m.platformSaid}: <strong data-testid="attention-code">{item.code}</strong> —{' '}
          <span data-testid="attention-text">{item.text}</span>
        </p>
        {error && <Notice kind="error">{error.message}</Notice>}
        {mode === 'correct' && (
          <fieldset>
            <legend className="h6">{m.payload}</legend>
            {leaves.map((l) => (
              <Field
                key={l.path}
                label={l.path}
                value={edits[l.path] ?? l.value}
                onChange={(e) => setEdits({ ...edits, [l.path]: e.target.value })}
              />
            ))}
          </fieldset>
        )}
        {mode === 'discard' && (
          <Field
            label={m.discardReason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fieldError('reason')}
            autoFocus
          />
        )}
        <div className="d-flex gap-2 flex-wrap">
          {mode === 'view' && (
            <>
              <button type="button" className="btn btn-primary btn-sm" onClick={() => setMode('correct')}>
                {m.correctAndResend}
              </button>
              <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => setMode('discard')}>
                {m.discard}
              </button>
            </>
          )}
          {mode === 'correct' && (
            <button
              type="button"
              className="btn btn-primary btn-sm"
              disabled={busy}
              onClick={async () => {
                if (
                  await run(() => call('sync.resend', { id: item.id, payload: applyEdits(item.payload, edits) as Record<string, unknown> }))
                )
                  onDone(m.resent);
              }}
            >
              {m.resend}
            </button>
          )}
          {mode === 'discard' && (
            <button
              type="button"
              className="btn btn-danger btn-sm"
              disabled={busy}
              onClick={async () => {
                if (await run(() => call('sync.discard', { id: item.id, reason }))) onDone(m.discarded);
              }}
            >
              {m.confirmDiscard}
            </button>
          )}
          {mode !== 'view' && (
            <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setMode('view')}>
              {m.cancel}
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
