import { romeDateTimeText } from '../../../electron/core/rome-time';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { anagrafeText } from '../../messages/anagrafe';

export type NotificationConflict = OutputOf<'anagrafe.notifications.conflicts'>[number];

const m = anagrafeText.notifications;

function Version({
  title,
  note,
  fields,
  testid,
}: {
  title: string;
  note: string;
  fields: { label: string; value: string }[];
  testid: string;
}) {
  return (
    <div className="col-md-6" data-testid={testid}>
      <h5 className="h6 mb-1">{title}</h5>
      <p className="small mb-1">{note}</p>
      <dl className="small mb-0">
        {fields.map((f) => (
          <div className="d-flex gap-2" key={`${f.label}=${f.value}`}>
            <dt className="fw-normal">{f.label}</dt>
            <dd className="mb-0">{f.value || '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * A notification ANPR sent about a person whose local pratica has not left yet: ANPR's version and
 * ours side by side, and the clerk's choices (core/anagrafe/notifications/conflicts.ts).
 */
export function NotificationConflictCard({ item, onDone }: { item: NotificationConflict; onDone: (msg: string) => void }) {
  const { busy, error, run } = useAction();
  const headingId = `notifica-${item.idOperazioneAnpr}`;
  return (
    <article className="card card-bg" aria-labelledby={headingId} data-testid="notification-conflict">
      <div className="card-body">
        <h4 id={headingId} className="h5">
          {item.what}
        </h4>
        {item.person && (
          <p className="mb-2">
            <strong>{item.person.name}</strong>
            {item.person.codiceFiscale ? ` · ${item.person.codiceFiscale}` : ''}
          </p>
        )}
        <div className="row g-3 mb-3">
          <Version title={m.anprVersion} note={m.recordedAt(romeDateTimeText(item.anprAt))} fields={item.anpr} testid="conflict-anpr" />
          <Version
            title={`${m.ourVersion}: ${item.ours.what}`}
            note={`${item.ours.createdAt ? m.madeAt(romeDateTimeText(item.ours.createdAt)) : ''} · ${item.ours.stillQueued ? m.notSent : m.sent}`}
            fields={item.ours.fields}
            testid="conflict-ours"
          />
        </div>
        {error && <Notice kind="error">{error.message}</Notice>}
        <div className="d-flex gap-2 flex-wrap">
          {item.actions.map((a) => (
            <button
              key={a.choice}
              type="button"
              className={`btn btn-sm ${a.choice === 'apply_anpr' ? 'btn-primary' : 'btn-outline-primary'}`}
              disabled={busy}
              title={a.explanation}
              aria-describedby={`${headingId}-${a.choice}`}
              data-choice={a.choice}
              onClick={async () => {
                if (await run(() => call('anagrafe.notifications.resolve', { idOperazioneAnpr: item.idOperazioneAnpr, choice: a.choice })))
                  onDone(m.resolved);
              }}
            >
              {a.label}
            </button>
          ))}
        </div>
        <ul className="small mt-2 mb-0">
          {item.actions.map((a) => (
            <li key={a.choice} id={`${headingId}-${a.choice}`}>
              {a.explanation}
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}
