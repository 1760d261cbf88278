import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../api';
import type { OutputOf } from '../../electron/contract';
import { romeDateTimeText } from '../../electron/core/rome-time';
import { Notice } from '../components/Notice';
import { useAction } from '../components/useAction';
import { applyEdits } from '../components/payload-fields';
import { DateField } from '../components/DateField';
import { Field } from '../components/Field';
import { formatDateIt } from '../../electron/core/forms/dates';
import { t } from '../messages/it';

export type AttentionItem = OutputOf<'sync.attention'>[number];
type FieldView = AttentionItem['fields'][number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the clerk typed, checked before it leaves: the back end checks it again with the pratica's rules. */
function checkEdit(f: FieldView, text: string): string | undefined {
  const m = t.sync;
  if (text.trim() === '') return f.value === '' ? undefined : m.required;
  if (f.date && !(ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)))) return m.badDate;
  if (f.type === 'number' && !Number.isFinite(Number(text))) return m.badNumber;
  return undefined;
}

/** One refused operation: who and what it concerns, the platform's answer, and its correction. */
export function AttentionCard({ item, onDone }: { item: AttentionItem; onDone: (msg: string) => void }) {
  const m = t.sync;
  const [mode, setMode] = useState<'view' | 'correct' | 'discard'>('view');
  const formRef = useRef<HTMLFormElement>(null);
  // Where the keyboard was before a correction or a discard opened: it goes back there on "Chiudi".
  const opener = useRef<'correct' | 'discard' | null>(null);
  const correctRef = useRef<HTMLButtonElement>(null);
  const discardRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode === 'correct') formRef.current?.querySelector<HTMLElement>('fieldset input, fieldset select, button[type="submit"]')?.focus();
    if (mode === 'view' && opener.current) (opener.current === 'correct' ? correctRef : discardRef).current?.focus();
  }, [mode]);
  const open = (to: 'correct' | 'discard') => {
    opener.current = to;
    setMode(to);
  };
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const headingId = `att-${item.id}`;
  const platform = m.shortNames[item.platform] ?? item.platform;
  const concerned = item.fields.filter((f) => f.scope === 'concerned');
  const others = item.fields.filter((f) => f.scope !== 'concerned');

  // A field repeating the corrected one (the same date elsewhere in the pratica) follows it.
  const editedValue = (f: FieldView): string | undefined => edits[f.path] ?? (f.sameAs ? edits[f.sameAs] : undefined);
  const input = (f: FieldView) => {
    const props = {
      label: f.label,
      value: editedValue(f) ?? f.value,
      onChange: (e: { target: { value: string } }) => setEdits({ ...edits, [f.path]: e.target.value }),
      error: checks[f.path] ?? fieldError(f.path),
    };
    // Dates typed and shown gg/mm/aaaa whatever the browser's language; the payload keeps ISO.
    return f.date ? <DateField key={f.path} {...props} data-path={f.path} /> : <Field key={f.path} {...props} data-path={f.path} />;
  };
  const resend = async () => {
    const changed = Object.fromEntries(
      item.fields.flatMap((f) => {
        const text = editedValue(f);
        return text === undefined || text === f.value ? [] : [[f.path, text]];
      }),
    );
    const found = Object.fromEntries(
      item.fields.flatMap((f) => {
        // Checked where it was typed: the fields that follow it say nothing more.
        const why = edits[f.path] === undefined ? undefined : checkEdit(f, edits[f.path]);
        return why ? [[f.path, why]] : [];
      }),
    );
    setChecks(found);
    if (Object.keys(found).length) return;
    const payload = Object.keys(changed).length ? (applyEdits(item.payload, changed) as Record<string, unknown>) : undefined;
    if (await run(() => call('sync.resend', { id: item.id, ...(payload ? { payload } : {}) }))) onDone(m.resent);
  };
  const discard = async () => {
    if (await run(() => call('sync.discard', { id: item.id, reason }))) onDone(m.discarded);
  };
  // Enter in a field sends what the open form is for.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (mode === 'correct') void resend();
    if (mode === 'discard') void discard();
  };

  return (
    <article className="card card-bg" aria-labelledby={headingId} data-testid="attention-item" data-kind={item.kind}>
      <div className="card-body">
        <h3 id={headingId} className="h5" data-testid="attention-what">
          {item.what}
        </h3>
        <p className="mb-1" data-testid="attention-person">
          {item.person ? (
            <>
              <strong>{item.person.name}</strong>
              {item.person.codiceFiscale && (
                <>
                  {' '}
                  · {m.cf} <span data-testid="attention-cf">{item.person.codiceFiscale}</span>
                </>
              )}
            </>
          ) : (
            m.noPerson
          )}
        </p>
        <p className="small mb-2" data-testid="attention-made">
          {m.madeBy(romeDateTimeText(item.createdAt), item.operator)} · {m.platformNames[item.platform]}
        </p>
        <div className="mb-2">
          <p className="mb-1">
            {m.answerOf(platform)}: <strong data-testid="attention-code">{item.code}</strong> —{' '}
            <span data-testid="attention-text">{item.text}</span>
          </p>
          {item.explanation && (
            <p className="mb-0" data-testid="attention-explanation">
              {item.explanation}
            </p>
          )}
        </div>
        {error && <Notice kind="error">{error.message}</Notice>}
        <form ref={formRef} noValidate onSubmit={submit}>
          {mode === 'correct' && (
            <fieldset className="mb-2" data-testid="correction-form">
              <legend className="h6">{m.toCorrect}</legend>
              {/* Room above each field for its label, which Bootstrap Italia draws over the field's top edge. */}
              <div className="pt-3">{concerned.length ? concerned.map(input) : <p>{m.noneConcerned}</p>}</div>
              {others.length > 0 && (
                <details className="mb-2" data-testid="correction-others">
                  <summary>{m.otherData(others.length)}</summary>
                  <div className="pt-4">{others.filter((f) => f.scope === 'editable' && !f.sameAs).map(input)}</div>
                  <dl className="row small mb-0">
                    {others
                      .filter((f) => f.scope === 'fixed' || f.sameAs)
                      .map((f) => {
                        // A field repeating the corrected one shows the corrected value, and says so.
                        const value = f.sameAs ? (editedValue(f) ?? f.value) : f.value;
                        return (
                          <div className="col-12 d-flex flex-wrap column-gap-2" key={f.path} data-follows={f.sameAs ?? undefined}>
                            <dt className="fw-normal">{f.label}</dt>
                            <dd className="mb-0" title={f.sameAs ? undefined : m.readOnly}>
                              {f.text ?? ((f.date ? formatDateIt(value) : value) || '—')}
                              {f.sameAs && <span className="text-muted"> ({m.followsCorrected})</span>}
                            </dd>
                          </div>
                        );
                      })}
                  </dl>
                </details>
              )}
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
                {item.resendable && (
                  <button ref={correctRef} type="button" className="btn btn-primary btn-sm" onClick={() => open('correct')}>
                    {item.correctable ? m.correctAndResend : m.resendAsIs}
                  </button>
                )}
                <button ref={discardRef} type="button" className="btn btn-outline-danger btn-sm" onClick={() => open('discard')}>
                  {m.discard}
                </button>
              </>
            )}
            {mode === 'correct' && (
              <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
                {m.resend}
              </button>
            )}
            {mode === 'discard' && (
              <button type="submit" className="btn btn-danger btn-sm" disabled={busy}>
                {m.confirmDiscard}
              </button>
            )}
            {mode !== 'view' && (
              <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setMode('view')}>
                {m.cancel}
              </button>
            )}
          </div>
        </form>
      </div>
    </article>
  );
}
