/**
 * "Leggi CIE": the clerk lays the card on the reader, types the CAN, and the form fills.
 * An inline panel (not a popup), keyboard-first: it opens on the CAN field, Enter reads, the result
 * puts focus on "Usa questi dati", Esc closes and gives focus back to the button. It may sit inside
 * another screen's <form>, so it has no <form> of its own and never lets Enter submit the host form.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { OutputOf } from '../../electron/contract';
import { hasRole } from '../../electron/core/auth/roles';
import { ApiError, call } from '../api';
import { cardText as m } from '../messages/card';
import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { Field } from './Field';
import { Notice } from './Notice';

export interface CiePrefill {
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  /** YYYY-MM-DD */
  dataNascita: string;
  /** As printed on the card, e.g. "ROMA (RM)". */
  luogoNascita?: string;
  codiceFiscale?: string;
  /** Residence address from DG11, one line. */
  indirizzo?: string;
  numeroDocumento?: string;
  /** YYYY-MM-DD */
  scadenzaDocumento?: string;
}

export interface CieVerification {
  genuine: boolean;
  /** One Italian sentence for the clerk. */
  summary: string;
}

export interface ReadCieProps {
  onRead(prefill: CiePrefill, verification: CieVerification): void;
  label?: string;
}

type ReadResult = OutputOf<'card.read'>;
type ReaderStatus = OutputOf<'card.status'>;

const STATUS_POLL_MS = 1500;
const FIELD_ORDER: (keyof CiePrefill)[] = [
  'cognome',
  'nome',
  'sesso',
  'dataNascita',
  'luogoNascita',
  'codiceFiscale',
  'indirizzo',
  'numeroDocumento',
  'scadenzaDocumento',
];

/** 1980-01-31 → 31/01/1980, as Italian clerks read dates. */
const itDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

function shown(key: keyof CiePrefill, value: string): string {
  if (key === 'sesso') return m.sex[value] ?? value;
  if (key === 'dataNascita' || key === 'scadenzaDocumento') return itDate(value);
  return value;
}

function statusLine(s: ReaderStatus | null): string {
  if (!s) return m.status.checking;
  if (s.service === 'missing') return m.status.missing;
  if (s.service === 'down') return m.status.down;
  if (s.readers.length === 0) return m.status.noReader;
  if (s.trustedCscas === 0) return m.status.noCsca;
  return s.cardPresent ? m.status.ready : m.status.noCard;
}

/** PC/SC cannot be loaded here: what is missing and how the Comune's IT person installs it. */
function PcscInstallHelp({ missing }: { missing: NonNullable<ReaderStatus['missing']> }) {
  const h = m.install;
  const steps = missing.os === 'windows' ? h.windows : h.linux;
  return (
    <div className="small mb-4" data-testid="card-reader-install">
      <p className="mb-1">
        {h.reason[missing.reason]} {h.forIt}
      </p>
      <ol className="mb-0">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}

export function ReadCieButton({ onRead, label }: ReadCieProps) {
  const id = useId();
  const panelId = `${id}-panel`;
  const [open, setOpen] = useState(false);
  const [can, setCan] = useState('');
  const [reading, setReading] = useState(false);
  const [result, setResult] = useState<ReadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [canError, setCanError] = useState<string | undefined>();
  const [reader, setReader] = useState<ReaderStatus | null>(null);
  const [progress, setProgress] = useState('');
  const [announce, setAnnounce] = useState('');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const useButtonRef = useRef<HTMLButtonElement>(null);
  const roles = useSession((st) => st.session?.operator?.roles);
  // Field does not forward refs: the CAN input is found by name inside the panel.
  const focusCan = () => panelRef.current?.querySelector<HTMLInputElement>('input[name="cie-can"]')?.focus();

  // While the panel waits for the clerk, show whether the reader and the card are there.
  useEffect(() => {
    if (!open || result) return;
    let alive = true;
    const poll = async () => {
      try {
        const s = await call('card.status', {});
        if (alive) setReader(s);
      } catch {
        /* the status line is a hint; the read itself reports any problem */
      }
    };
    void poll();
    const timer = setInterval(poll, STATUS_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [open, result]);

  useEffect(() => {
    if (open && !result) focusCan();
  }, [open, result]);
  useEffect(() => {
    if (result) useButtonRef.current?.focus();
  }, [result]);

  function reset() {
    setCan('');
    setResult(null);
    setError(null);
    setCanError(undefined);
    setProgress('');
  }

  function openPanel() {
    reset();
    setAnnounce('');
    setOpen(true);
  }

  function close() {
    reset();
    setOpen(false);
    triggerRef.current?.focus();
  }

  async function read() {
    if (reading) return;
    const value = can.trim();
    if (!/^[0-9]{6}$/.test(value)) {
      setCanError(m.canInvalid);
      focusCan();
      return;
    }
    // The CAN leaves the screen as soon as it is sent: it is never kept.
    setCan('');
    setError(null);
    setCanError(undefined);
    setReading(true);
    setProgress(m.reading);
    try {
      const r = await call('card.read', { can: value });
      setResult(r);
      setProgress(m.done);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ code: 'UI', message: t.errors.generic });
      setProgress('');
      if (err.code === 'CARD_WRONG_CAN' || err.field === 'can') setCanError(err.message);
      else setError(err.message);
      focusCan();
    } finally {
      setReading(false);
    }
  }

  function applyData() {
    if (!result) return;
    const verification: CieVerification = { genuine: result.verification.genuine, summary: m.genuine };
    const prefill = result.prefill;
    reset();
    setOpen(false);
    setAnnounce(m.used);
    triggerRef.current?.focus();
    onRead(prefill, verification);
  }

  function onPanelKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  }

  function onCanKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      // Inside a host form Enter would submit it: here it means "Leggi".
      e.preventDefault();
      e.stopPropagation();
      void read();
    }
  }

  // card.read is for anagrafe and cie operators: others would only meet a refusal.
  if (roles && !hasRole(roles, 'anagrafe') && !hasRole(roles, 'cie')) return null;

  const titleId = `${id}-title`;
  const verificationId = `${id}-verification`;
  return (
    <div className="read-cie mb-3">
      <button
        ref={triggerRef}
        type="button"
        className="btn btn-outline-primary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close() : openPanel())}
      >
        {label ?? m.open}
      </button>
      <div role="status" className="visually-hidden">
        {announce}
      </div>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="group"
          aria-labelledby={titleId}
          className="border rounded bg-white mt-2 p-3"
          onKeyDown={onPanelKey}
        >
          <p id={titleId} className="fw-bold mb-2">
            {m.panelTitle}
          </p>
          {!result && (
            <>
              <p className="mb-2">{m.instructions}</p>
              <p className={reader?.missing ? 'small mb-2' : 'small mb-4'} data-testid="card-reader-status">
                {statusLine(reader)}
              </p>
              {reader?.missing && <PcscInstallHelp missing={reader.missing} />}
              {error && <Notice kind="error">{error}</Notice>}
              <Field
                label={m.canLabel}
                help={`${m.canHelp} ${m.closeHint}`}
                error={canError}
                value={can}
                onChange={(e) => setCan(e.target.value.replace(/[^0-9]/g, '').slice(0, 6))}
                onKeyDown={onCanKey}
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                maxLength={6}
                name="cie-can"
                disabled={reading}
              />
              <div className="d-flex gap-2">
                <button type="button" className="btn btn-primary" onClick={() => void read()} disabled={reading} aria-busy={reading}>
                  {m.read}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={close}>
                  {m.close}
                </button>
              </div>
            </>
          )}
          <div role="status" className={progress ? 'mt-2' : undefined} data-testid="card-read-progress">
            {progress}
          </div>
          {result && (
            <div className="mt-2">
              <div className="alert alert-success" id={verificationId}>
                <strong>{m.genuine}</strong>
                {result.verification.csca && <span className="d-block small">{m.cscaName(result.verification.csca)}</span>}
              </div>
              {result.warnings.map((w) => (
                <div className="alert alert-warning" key={w}>
                  {m.warnings[w] ?? w}
                </div>
              ))}
              <div className="d-flex flex-wrap gap-4 align-items-start">
                {result.photo && (
                  <img
                    src={result.photo}
                    alt={m.photoAlt(result.prefill.nome, result.prefill.cognome)}
                    width={120}
                    className="border"
                    style={{ height: 'auto' }}
                  />
                )}
                <div className="flex-grow-1">
                  <p className="fw-semibold mb-1">{m.resultTitle}</p>
                  <dl className="mb-0">
                    {FIELD_ORDER.filter((k) => result.prefill[k]).map((k) => (
                      <div className="d-flex" key={k}>
                        <dt className="me-2">{m.fields[k]}:</dt>
                        <dd className="mb-1">{shown(k, String(result.prefill[k]))}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
              </div>
              <div className="d-flex gap-2 mt-3">
                <button ref={useButtonRef} type="button" className="btn btn-primary" onClick={applyData} aria-describedby={verificationId}>
                  {m.use}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={openPanel}>
                  {m.readAgain}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={close}>
                  {m.close}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
