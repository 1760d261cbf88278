import { useState, type FormEvent, type ReactNode } from 'react';
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
  const go = useNav((s) => s.go);
  return (
    <StepCard step="pagopa">
      <h3 className="h5">{m.enteTitle}</h3>
      <p className="small">{m.enteHelp}</p>
      {view.missing.includes('pagopa') && <Notice kind="warning">{m.pagopaMissing}</Notice>}
      <button type="button" className="btn btn-outline-secondary mb-4" onClick={() => go('pagopa-settings')}>
        {m.openPagopa}
      </button>
      <AddressAndSecretForm
        initialEndpoint={view.gpd?.endpoint ?? ''}
        endpoint={{ label: m.endpoint, help: m.endpointHelp }}
        secret={{ field: 'subscriptionKey', label: m.key, help: view.gpd?.subscriptionKeySet ? m.keySet : m.keyHelp }}
        save={(endpoint, secret) => call('setup.gpd.save', { endpoint, subscriptionKey: secret })}
        onSaved={onSaved}
        submitLabel={m.save}
      />
      <ConnectionTest platform="gpd" />
    </StepCard>
  );
}

/** Step 5: the CIE booking system's address and credentials. */
export function AgendaSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.agenda;
  const go = useNav((s) => s.go);
  return (
    <StepCard step="agenda">
      <AddressAndSecretForm
        initialEndpoint={view.agenda?.endpoint ?? ''}
        endpoint={{ label: m.endpoint }}
        secret={{ field: 'token', label: m.token, help: view.agenda?.tokenSet ? m.tokenSet : undefined }}
        save={(endpoint, secret) => call('setup.agenda.save', { endpoint, token: secret })}
        onSaved={onSaved}
        submitLabel={m.save}
        extraButton={
          <button type="button" className="btn btn-outline-secondary" onClick={() => go('cie-settings')}>
            {m.openCie}
          </button>
        }
      />
      <ConnectionTest platform="agenda" />
    </StepCard>
  );
}

/**
 * A platform's address and its secret (key or token). The secret is never shown back: a blank
 * field keeps the saved one (null to the back end), and the field is emptied after each save.
 */
function AddressAndSecretForm(p: {
  initialEndpoint: string;
  endpoint: { label: string; help?: string };
  secret: { field: string; label: string; help?: string };
  save(endpoint: string, secret: string | null): Promise<SetupView>;
  onSaved(v: SetupView): void;
  submitLabel: string;
  extraButton?: ReactNode;
}) {
  const [endpoint, setEndpoint] = useState(p.initialEndpoint);
  const [secret, setSecret] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const unplaced = unplacedError(error, ['endpoint', p.secret.field]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() => p.save(endpoint, secret || null));
    setSecret('');
    if (v) {
      setDone(true);
      p.onSaved(v);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {done && <Notice kind="success">{setupText.saved}</Notice>}
      {unplaced && <Notice kind="error">{unplaced}</Notice>}
      <Field
        label={p.endpoint.label}
        help={p.endpoint.help}
        type="url"
        value={endpoint}
        onChange={(e) => setEndpoint(e.target.value)}
        error={fieldError('endpoint')}
      />
      <Field
        label={p.secret.label}
        help={p.secret.help}
        type="password"
        autoComplete="off"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        error={fieldError(p.secret.field)}
      />
      <div className="d-flex gap-2 flex-wrap">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {p.submitLabel}
        </button>
        {p.extraButton}
      </div>
    </form>
  );
}
