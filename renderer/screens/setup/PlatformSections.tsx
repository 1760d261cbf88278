import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { useNav } from '../../stores/nav';
import { ConnectionTest } from './ConnectionTest';
import { StepCard, unplacedError, type SetupView } from './StepCard';

/** Step 4: GPD's address and subscription key; the ente's pagoPA data stay in «Impostazioni pagoPA». */
export function GpdSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.gpd;
  const [endpoint, setEndpoint] = useState(view.gpd?.endpoint ?? '');
  const [key, setKey] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const go = useNav((s) => s.go);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() => call('setup.gpd.save', { endpoint, subscriptionKey: key || null }));
    setKey('');
    if (v) {
      setDone(true);
      onSaved(v);
    }
  }
  return (
    <StepCard step="pagopa">
      <h3 className="h5">{m.enteTitle}</h3>
      <p className="small">{m.enteHelp}</p>
      {view.missing.includes('pagopa') && <Notice kind="warning">{m.pagopaMissing}</Notice>}
      <button type="button" className="btn btn-outline-secondary mb-4" onClick={() => go('pagopa-settings')}>
        {m.openPagopa}
      </button>
      <form onSubmit={submit} noValidate>
        {done && <Notice kind="success">{setupText.saved}</Notice>}
        {unplacedError(error, ['endpoint', 'subscriptionKey']) && (
          <Notice kind="error">{unplacedError(error, ['endpoint', 'subscriptionKey'])}</Notice>
        )}
        <Field
          label={m.endpoint}
          help={m.endpointHelp}
          type="url"
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
          error={fieldError('endpoint')}
        />
        <Field
          label={m.key}
          help={view.gpd?.subscriptionKeySet ? m.keySet : m.keyHelp}
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          error={fieldError('subscriptionKey')}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.save}
        </button>
      </form>
      <ConnectionTest platform="gpd" />
    </StepCard>
  );
}

/** Step 5: the CIE booking system's address and credentials. */
export function AgendaSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.agenda;
  const [endpoint, setEndpoint] = useState(view.agenda?.endpoint ?? '');
  const [token, setToken] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const go = useNav((s) => s.go);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() => call('setup.agenda.save', { endpoint, token: token || null }));
    setToken('');
    if (v) {
      setDone(true);
      onSaved(v);
    }
  }
  return (
    <StepCard step="agenda">
      <form onSubmit={submit} noValidate>
        {done && <Notice kind="success">{setupText.saved}</Notice>}
        {unplacedError(error, ['endpoint', 'token']) && <Notice kind="error">{unplacedError(error, ['endpoint', 'token'])}</Notice>}
        <Field
          label={m.endpoint}
          type="url"
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
          error={fieldError('endpoint')}
        />
        <Field
          label={m.token}
          help={view.agenda?.tokenSet ? m.tokenSet : undefined}
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          error={fieldError('token')}
        />
        <div className="d-flex gap-2 flex-wrap">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {m.save}
          </button>
          <button type="button" className="btn btn-outline-secondary" onClick={() => go('cie-settings')}>
            {m.openCie}
          </button>
        </div>
      </form>
      <ConnectionTest platform="agenda" />
    </StepCard>
  );
}
