import { useEffect, useId, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Field, FieldNotes } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { loadText as m } from '../../messages/anagrafe-load';

type Status = NonNullable<OutputOf<'anagrafe.load.status'>>;
type RefusedRows = OutputOf<'anagrafe.load.refused'>;
type Source = Status['source'];
const SOURCES: Source[] = ['anpr-4001', 'anpr-4002', 'file'];
const POLL_MS = 1000;

function Progress({ s }: { s: Status }) {
  const pct = s.fraction === null ? null : Math.round(s.fraction * 100);
  return (
    <div className="mb-3" data-testid="load-progress">
      <label className="form-label" htmlFor="load-progress-bar">
        {m.progressLabel}
        {pct !== null ? ` (${pct}%)` : ''}
      </label>
      <progress id="load-progress-bar" className="w-100" max={100} value={pct ?? undefined} />
      <p className="mb-1" role="status">
        {m.counts(s.loaded, s.families, s.addresses, s.refused)}
      </p>
      {s.state === 'running' && <p className="mb-1">{s.secondsLeft === null ? m.timeUnknown : m.timeLeft(s.secondsLeft)}</p>}
    </div>
  );
}

/**
 * The refused rows name persons: read on their own (each read audited), once the load is not running
 * and whenever the count changed, never with the status polled every second.
 */
function useRefusedRows(s: Status | null): RefusedRows | null {
  const [rows, setRows] = useState<RefusedRows | null>(null);
  const key = s && s.state !== 'running' && s.refused > 0 ? `${s.id}:${s.refused}` : null;
  useEffect(() => {
    if (!key) return setRows(null);
    let live = true;
    call('anagrafe.load.refused', { id: key.split(':')[0] })
      .then((r) => live && setRows(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  return rows;
}

function Refused({ s, list }: { s: Status; list: RefusedRows | null }) {
  return (
    <>
      <h2 className="h5 mt-4">{m.refusedTitle}</h2>
      {s.refused === 0 ? (
        <p>{m.refusedNone}</p>
      ) : !list ? (
        <p>{s.state === 'running' ? m.refusedAfter : m.refusedLoading}</p>
      ) : (
        <>
          <p>{m.refusedShown(list.rows.length, list.total)}</p>
          <table className="table table-sm" data-testid="load-refused">
            <caption className="visually-hidden">{m.refusedTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.cf}</th>
                <th scope="col">{m.name}</th>
                <th scope="col">{m.reason}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id and never move
                <tr key={i}>
                  <td>{r.codiceFiscale ?? '—'}</td>
                  <td>{[r.cognome, r.nome].filter(Boolean).join(' ') || '—'}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** The responsabile loads the Comune's residents from ANPR (or a file), follows it, resumes it, reads the summary. */
export function InitialLoad() {
  const id = useId();
  const [status, setStatus] = useState<Status | null>(null);
  const [source, setSource] = useState<Source>('anpr-4001');
  const [path, setPath] = useState('');
  const [cfText, setCfText] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const [confirming, setConfirming] = useState(false);
  const refusedList = useRefusedRows(status);
  const running = status?.state === 'running';
  // A load that can still be resumed blocks a new one (the host refuses it: LOAD_UNFINISHED).
  const resumable = status?.state === 'interrupted' || status?.state === 'failed';

  useEffect(() => {
    let live = true;
    const poll = () =>
      call('anagrafe.load.status', {})
        .then((s) => live && setStatus(s))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  async function start(e: FormEvent) {
    e.preventDefault();
    const input =
      source === 'file'
        ? { source, path }
        : source === 'anpr-4002'
          ? { source, codiciFiscali: cfText.split(/[\s,;]+/).filter((c) => c !== '') }
          : { source };
    const s = await run(() => call('anagrafe.load.start', input));
    if (s) setStatus(s);
  }

  async function resume() {
    if (!status) return;
    const s = await run(() => call('anagrafe.load.resume', { id: status.id }));
    if (s) setStatus(s);
  }

  async function abandon() {
    if (!status) return;
    const s = await run(() => call('anagrafe.load.abandon', { id: status.id }));
    setConfirming(false);
    if (s) setStatus(s);
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {error && !error.field && <Notice kind="error">{error.message}</Notice>}
      {status && (
        <>
          {status.state === 'running' && <h2 className="h5">{m.running}</h2>}
          {status.state === 'done' && <Notice kind="success">{m.done}</Notice>}
          {status.state === 'interrupted' && <Notice kind="warning">{m.interrupted}</Notice>}
          {status.state === 'failed' && <Notice kind="error">{`${m.failed} ${status.error?.text ?? ''}`}</Notice>}
          <Progress s={status} />
          {status.state === 'abandoned' && <Notice kind="info">{m.abandoned}</Notice>}
          {resumable && (
            <div className="mb-3">
              {status.error?.code !== 'ANPR_EXTRACTION_EXPIRED' && (
                <button type="button" className="btn btn-primary me-2" onClick={() => void resume()} disabled={busy}>
                  {m.resume}
                </button>
              )}
              {!confirming && (
                <button type="button" className="btn btn-outline-danger" onClick={() => setConfirming(true)} disabled={busy}>
                  {m.abandon}
                </button>
              )}
              {confirming && (
                <fieldset className="mt-3">
                  <legend className="h6">{m.abandon}</legend>
                  <p>{m.abandonConfirm}</p>
                  <button type="button" className="btn btn-danger me-2" onClick={() => void abandon()} disabled={busy}>
                    {m.abandonYes}
                  </button>
                  <button type="button" className="btn btn-outline-secondary" onClick={() => setConfirming(false)} disabled={busy}>
                    {m.abandonNo}
                  </button>
                </fieldset>
              )}
              <p className="mt-2">{m.unfinishedHint}</p>
            </div>
          )}
          {status.state === 'done' && <h2 className="h5">{m.summary}</h2>}
          <Refused s={status} list={refusedList} />
        </>
      )}
      {!running && !resumable && (
        <form onSubmit={start} className="mt-4" noValidate>
          {status && <p>{m.newLoad}</p>}
          <fieldset className="mb-3">
            <legend className="h5">{m.source}</legend>
            {SOURCES.map((v) => (
              <div className="form-check" key={v}>
                <input
                  className="form-check-input"
                  type="radio"
                  name={`${id}-source`}
                  id={`${id}-${v}`}
                  value={v}
                  checked={source === v}
                  onChange={() => setSource(v)}
                />
                <label className="form-check-label" htmlFor={`${id}-${v}`}>
                  {m.sources[v]}
                </label>
              </div>
            ))}
          </fieldset>
          {source === 'file' && (
            <Field label={m.path} help={m.pathHelp} value={path} onChange={(e) => setPath(e.target.value)} error={fieldError('path')} />
          )}
          {source === 'anpr-4002' && (
            <div className="form-group mb-3">
              <label htmlFor={`${id}-cfs`} className="form-label active">
                {m.cfList}
              </label>
              <textarea
                id={`${id}-cfs`}
                className={`form-control${fieldError('codiciFiscali') ? ' is-invalid' : ''}`}
                rows={6}
                value={cfText}
                onChange={(e) => setCfText(e.target.value)}
                aria-describedby={`${id}-cfs-help`}
              />
              <FieldNotes help={m.cfListHelp} helpId={`${id}-cfs-help`} error={fieldError('codiciFiscali')} errId={`${id}-cfs-err`} />
            </div>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {m.start}
          </button>
        </form>
      )}
    </section>
  );
}
