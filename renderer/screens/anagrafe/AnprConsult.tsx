import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../../api';
import type { InputOf, OutputOf } from '../../../electron/contract';
import { SESSO } from '../../../electron/core/anagrafe/code-tables';
import { DateField } from '../../components/DateField';
import { Field, SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { anprConsultText as m } from '../../messages/anpr-consult';
import { useHandoff, type AnprPersonFound } from '../../stores/handoff';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { formatDate } from './inputs';

type Criteria = InputOf<'anagrafe.anpr.consult'>['criteria'];
type By = Criteria['by'];
type Purpose = InputOf<'anagrafe.anpr.consult'>['purpose'];
type Found = OutputOf<'anagrafe.anpr.consult'>['persons'];

/** Why "Cerca in ANPR" is off, from the sync status; null when it can be tried. */
function useOffReason(): string | null {
  const sync = useSession((s) => s.sync);
  if (!sync) return null;
  const anpr = sync.platforms.find((p) => p.platform === 'anpr');
  if (!anpr) return m.offMissing;
  if (anpr.credentials) return m.offCredentials(anpr.credentials.text);
  return anpr.health === 'down' ? m.offDown : null;
}

/** The search text as first criteria: a codice fiscale, or "COGNOME NOME". */
function criteriaFrom(query: string): { by: By; cf: string; cognome: string; nome: string } {
  const q = query.trim().toUpperCase();
  if (/^[A-Z0-9]{16}$/.test(q)) return { by: 'codiceFiscale', cf: q, cognome: '', nome: '' };
  const [cognome = '', ...rest] = q.split(/\s+/);
  return { by: q ? 'nomi' : 'codiceFiscale', cf: '', cognome, nome: rest.join(' ') };
}

const fullName = (p: AnprPersonFound) => [p.cognome, p.nome].filter(Boolean).join(' ');

/**
 * "Cerca in ANPR": for a person the local registry does not have, a 3002 consultation (online only)
 * with its purpose; ANPR's record read-only, and a 1002 started from it.
 */
export function AnprConsult({ query }: { query: string }) {
  const off = useOffReason();
  const go = useNav((s) => s.go);
  const handOver = useHandoff((s) => s.handOver);
  const first = criteriaFrom(query);
  const [open, setOpen] = useState(false);
  const [by, setBy] = useState<By>(first.by);
  const [cf, setCf] = useState(first.cf);
  const [idAnpr, setIdAnpr] = useState('');
  const [cognome, setCognome] = useState(first.cognome);
  const [nome, setNome] = useState(first.nome);
  const [nato, setNato] = useState('');
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [found, setFound] = useState<Found | null>(null);

  const err = (field: string) =>
    error?.issues?.find((i) => i.path === field)?.message ?? (error?.field === field ? error.message : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const criteria: Criteria =
      by === 'codiceFiscale'
        ? { by, codiceFiscale: cf }
        : by === 'idANPR'
          ? { by, idANPR: idAnpr }
          : { by, cognome, nome, dataNascita: nato };
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound((await call('anagrafe.anpr.consult', { criteria, purpose: purpose as Purpose })).persons);
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ code: 'UNKNOWN', message: (x as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  function start1002(p: AnprPersonFound) {
    handOver(p);
    go('anagrafe', 'pratica:1002');
  }

  return (
    <section aria-labelledby="anpr-consult-title" className="mt-4" data-testid="anpr-consult">
      <h2 id="anpr-consult-title" className="h5">
        {m.title}
      </h2>
      <p className="small">{m.intro}</p>
      {!open && (
        <>
          <button
            type="button"
            className="btn btn-primary"
            disabled={off !== null}
            aria-describedby={off ? 'anpr-off-reason' : undefined}
            onClick={() => setOpen(true)}
            data-testid="anpr-open"
          >
            {m.open}
          </button>
          {off && (
            <p id="anpr-off-reason" className="small mt-2" data-testid="anpr-off-reason">
              {off}
            </p>
          )}
        </>
      )}
      {open && (
        <form onSubmit={submit} aria-labelledby="anpr-consult-title" data-testid="anpr-consult-form" noValidate>
          <div className="row">
            <div className="col-md-6">
              <SelectField label={m.by} value={by} options={m.byOptions} onChange={(e) => setBy(e.target.value as By)} />
            </div>
            <div className="col-md-6">
              <SelectField
                label={m.purpose}
                help={m.purposeHelp}
                value={purpose}
                options={m.purposes}
                placeholder={m.choose}
                onChange={(e) => setPurpose(e.target.value)}
                error={err('purpose')}
                data-testid="anpr-purpose"
              />
            </div>
          </div>
          {by === 'codiceFiscale' && (
            <Field
              label={m.codiceFiscale}
              value={cf}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setCf(e.target.value)}
              error={err('criteria.codiceFiscale')}
              data-testid="anpr-cf"
            />
          )}
          {by === 'idANPR' && (
            <Field
              label={m.idANPR}
              value={idAnpr}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setIdAnpr(e.target.value)}
              error={err('criteria.idANPR')}
            />
          )}
          {by === 'nomi' && (
            <div className="row">
              <div className="col-md-4">
                <Field label={m.cognome} value={cognome} onChange={(e) => setCognome(e.target.value)} error={err('criteria.cognome')} />
              </div>
              <div className="col-md-4">
                <Field label={m.nome} value={nome} onChange={(e) => setNome(e.target.value)} error={err('criteria.nome')} />
              </div>
              <div className="col-md-4">
                <DateField
                  label={m.dataNascita}
                  value={nato}
                  onChange={(e) => setNato(e.target.value)}
                  error={err('criteria.dataNascita')}
                />
              </div>
            </div>
          )}
          <div className="d-flex gap-2 flex-wrap">
            <button type="submit" className="btn btn-primary" disabled={busy || off !== null} data-testid="anpr-submit">
              {m.submit}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
              {m.cancel}
            </button>
          </div>
          {off && <p className="small mt-2">{off}</p>}
        </form>
      )}
      <div role="status" className="small mt-3" data-testid="anpr-consult-status">
        {busy ? m.working : found === null ? '' : found.length === 0 ? m.none : m.found(found.length)}
      </div>
      {error && !error.issues && <Notice kind="error">{error.message}</Notice>}
      {found?.map((p) => (
        <AnprRecord
          key={p.idANPR ?? p.codiceFiscale ?? fullName(p)}
          p={p}
          onStart={() => start1002(p)}
          onOpen={(id) => go('anagrafe', `persona:${id}`)}
        />
      ))}
    </section>
  );
}

/** One person as ANPR shows them, read-only, with what the clerk can do next. */
function AnprRecord({ p, onStart, onOpen }: { p: AnprPersonFound; onStart(): void; onOpen(localId: string): void }) {
  const rows: [string, string | null][] = [
    [m.cognome, p.cognome],
    [m.nome, p.nome],
    [m.sesso, p.sesso ? (SESSO[p.sesso] ?? p.sesso) : null],
    [m.dataNascita, p.dataNascita ? formatDate(p.dataNascita) : null],
    [m.codiceFiscale, p.codiceFiscale],
    [m.idANPR, p.idANPR],
    [m.idSchedaSoggettoANPR, p.idSchedaSoggettoANPR],
  ];
  return (
    <article className="card card-bg mt-3" data-testid="anpr-record">
      <div className="card-body">
        <h3 className="h6">{m.recordTitle(fullName(p))}</h3>
        <p className="small text-muted">{m.readOnly}</p>
        <dl className="row mb-2">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k} className="col-sm-6 col-lg-4">
                <dt className="small">{k}</dt>
                <dd className="font-monospace">{v}</dd>
              </div>
            ))}
        </dl>
        {p.localId ? (
          <button type="button" className="btn btn-outline-primary" onClick={() => onOpen(p.localId!)}>
            {m.openLocal}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={onStart} data-testid="anpr-start-1002">
            {m.start1002}
          </button>
        )}
      </div>
    </article>
  );
}
