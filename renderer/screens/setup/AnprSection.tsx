import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { call } from '../../api';
import { Field, SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { ConnectionTest } from './ConnectionTest';
import { StepCard, type SetupView, unplacedError } from './StepCard';
import { FileField } from '../../components/FileField';

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));

/** Step 3: ANPR's address, environment and workstation id, then the two certificates. */
export function AnprSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.anpr;
  const [endpoint, setEndpoint] = useState(view.anpr?.endpoint ?? '');
  const [tipoInvio, setTipoInvio] = useState<'TEST' | 'PROD'>(view.anpr?.tipoInvio ?? 'PROD');
  const [idPostazione, setIdPostazione] = useState(view.anpr?.idPostazione ?? '');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() => call('setup.anpr.save', { endpoint, tipoInvio, idPostazione }));
    if (v) {
      setDone(true);
      onSaved(v);
    }
  }
  return (
    <StepCard step="anpr">
      <form onSubmit={submit} noValidate>
        {done && <Notice kind="success">{setupText.saved}</Notice>}
        {unplacedError(error, ['endpoint', 'idPostazione', 'tipoInvio']) && (
          <Notice kind="error">{unplacedError(error, ['endpoint', 'idPostazione', 'tipoInvio'])}</Notice>
        )}
        <div className="row">
          <div className="col-md-8">
            <Field
              label={m.endpoint}
              help={m.endpointHelp}
              type="url"
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
              error={fieldError('endpoint')}
            />
          </div>
          <div className="col-md-4">
            <SelectField
              label={m.tipoInvio}
              value={tipoInvio}
              onChange={(e) => setTipoInvio(e.target.value as 'TEST' | 'PROD')}
              options={[
                ['PROD', m.prod],
                ['TEST', m.test],
              ]}
            />
          </div>
          <div className="col-md-6">
            <Field
              label={m.idPostazione}
              value={idPostazione}
              onChange={(e) => setIdPostazione(e.target.value)}
              error={fieldError('idPostazione')}
            />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.save}
        </button>
      </form>
      <div className="row mt-4">
        <div className="col-lg-6">
          <CertificateImport holder="comune" view={view} onSaved={onSaved} />
        </div>
        <div className="col-lg-6">
          <CertificateImport holder="postazione" view={view} onSaved={onSaved} />
        </div>
      </div>
      <ConnectionTest platform="anpr" />
    </StepCard>
  );
}

/** One PKCS#12 with its password: what is kept is shown (subject, issuer, expiry), never the key. */
function CertificateImport({
  holder: role,
  view,
  onSaved,
}: {
  holder: 'comune' | 'postazione';
  view: SetupView;
  onSaved(v: SetupView): void;
}) {
  const m = setupText.anpr;
  const info = view.certificates[role];
  const [file, setFile] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const fileId = useId();
  const title = role === 'comune' ? m.certComune : m.certPostazione;

  function pick(e: ChangeEvent<HTMLInputElement>) {
    setFileError(null);
    setFile(null);
    const f = e.target.files?.[0];
    if (!f) return;
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      setFile(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => setFileError(m.fileUnreadable);
    reader.readAsDataURL(f);
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() => call('setup.anpr.certificate', { role, p12Base64: file ?? '', password }));
    setPassword('');
    if (v) {
      setDone(true);
      onSaved(v);
    }
  }
  const fileProblem = fileError ?? fieldError('file') ?? fieldError('p12Base64');
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${fileId}-title`} data-testid={`cert-${role}`} className="mb-3">
      <h3 id={`${fileId}-title`} className="h5">
        {title}
      </h3>
      {info ? (
        <dl className="row small mb-2" data-testid={`cert-${role}-info`}>
          <dt className="col-sm-4">{m.subject}</dt>
          <dd className="col-sm-8 text-break">{info.subject}</dd>
          <dt className="col-sm-4">{m.issuer}</dt>
          <dd className="col-sm-8 text-break">{info.issuer}</dd>
          <dt className="col-sm-4">{m.expiry}</dt>
          <dd className="col-sm-8">{longDate(info.notAfter)}</dd>
        </dl>
      ) : (
        <p className="small">{m.none}</p>
      )}
      {done && <Notice kind="success">{m.imported}</Notice>}
      {error && !fileProblem && !fieldError('password') && <Notice kind="error">{error.message}</Notice>}
      <FileField id={fileId} label={m.file} accept=".p12,.pfx,application/x-pkcs12" onChange={pick} error={fileProblem || undefined} />
      <Field
        label={m.password}
        type="password"
        autoComplete="off"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError('password')}
      />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {m.import(role === 'comune' ? m.importComune : m.importPostazione)}
      </button>
    </form>
  );
}
