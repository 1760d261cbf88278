import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { FileField } from '../../components/FileField';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { type SetupView, unplacedError } from './StepCard';

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));

/**
 * Optional, after the numbered steps: this PC joins the Comune hub (issue 18) with the hub's
 * address, the one-time code shown on the hub side and the Comune's CA certificate. Once joined,
 * the workstation number is the hub's (shown here, read-only). No hub: the counter works alone.
 */
export function HubSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.hub;
  const hub = view.hub;
  const [url, setUrl] = useState(hub?.url ?? '');
  const [code, setCode] = useState('');
  const [caPem, setCaPem] = useState<string | null>(null);
  const [acceptNewNumber, setAcceptNewNumber] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const setSession = useSession((s) => s.set);
  const go = useNav((s) => s.go);
  const fileId = useId();

  function pick(e: ChangeEvent<HTMLInputElement>) {
    setFileError(null);
    setCaPem(null);
    const f = e.target.files?.[0];
    if (!f) return;
    const reader = new FileReader();
    reader.onload = () => setCaPem(String(reader.result));
    reader.onerror = () => setFileError(setupText.anpr.fileUnreadable);
    reader.readAsText(f);
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const v = await run(() => call('setup.hub.join', { url, code, caPem, acceptNewNumber }));
    if (v) {
      setCode('');
      setDone(m.done(v.hub?.number ?? v.workstation.number));
      onSaved(v);
      setSession(await call('session.get', {})); // the header shows the hub's number
    }
  }
  const fields = ['url', 'code', 'ca', 'caPem'];
  return (
    <section className="card card-bg mb-4" aria-labelledby="setup-hub" data-testid="setup-hub">
      <div className="card-body">
        <h2 id="setup-hub" className="h4 card-title" tabIndex={-1}>
          {m.title}
        </h2>
        <p className="small">{m.optional}</p>
        {done && <Notice kind="success">{done}</Notice>}
        {hub ? (
          <div data-testid="hub-joined">
            <p>{m.joined(hub.number)}</p>
            <dl className="row small mb-3">
              <dt className="col-sm-4">{m.numberLabel}</dt>
              <dd className="col-sm-8" data-testid="hub-number">
                {hub.number}
              </dd>
              <dt className="col-sm-4">{m.address}</dt>
              <dd className="col-sm-8 text-break">{hub.url}</dd>
              <dt className="col-sm-4">{m.since}</dt>
              <dd className="col-sm-8">{hub.joinedAt ? longDate(hub.joinedAt) : ''}</dd>
            </dl>
            <button type="button" className="btn btn-outline-secondary mb-3" onClick={() => go('hub-stations')}>
              {m.openStations}
            </button>
          </div>
        ) : (
          <Notice kind="info">{m.alone}</Notice>
        )}
        <form onSubmit={submit} noValidate aria-labelledby="setup-hub-form">
          <h3 id="setup-hub-form" className="h5">
            {hub ? m.rejoinTitle : m.joinTitle}
          </h3>
          {unplacedError(error, fields) && <Notice kind="error">{unplacedError(error, fields)}</Notice>}
          <div className="row">
            <div className="col-md-8">
              <Field label={m.url} help={m.urlHelp} value={url} onChange={(e) => setUrl(e.target.value)} error={fieldError('url')} />
            </div>
            <div className="col-md-4">
              <Field
                label={m.code}
                help={m.codeHelp}
                autoComplete="off"
                spellCheck={false}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                error={fieldError('code')}
              />
            </div>
            <div className="col-md-8">
              <FileField
                id={fileId}
                label={m.ca}
                help={hub?.caSet ? m.caSet : m.caHelp}
                accept=".crt,.pem,.cer,application/x-pem-file"
                onChange={pick}
                error={fileError ?? fieldError('ca') ?? fieldError('caPem') ?? undefined}
              />
            </div>
          </div>
          <div className="form-check mb-3">
            <input
              className="form-check-input"
              type="checkbox"
              id={`${fileId}-new-number`}
              checked={acceptNewNumber}
              onChange={(e) => setAcceptNewNumber(e.target.checked)}
            />
            <label className="form-check-label" htmlFor={`${fileId}-new-number`}>
              {m.acceptNewNumber}
            </label>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {hub ? m.rejoin : m.connect}
          </button>
        </form>
      </div>
    </section>
  );
}
