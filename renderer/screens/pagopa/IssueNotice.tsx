import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { confirmNow } from '../../components/confirmNow';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { formatEuro } from '../../../electron/core/pagopa/format';
import { groupNav } from '../../../electron/core/pagopa/nav';
import { Field, SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ReadCieButton } from '../../components/ReadCie';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { pagopaMessages as P } from '../../messages/pagopa';
import { useNav } from '../../stores/nav';
import { saveDownload } from '../../components/download';
import { issueParam, useNoticeDraft } from './draft';
import { addToDate } from './money';
import { formatDateIt } from '../../../electron/core/forms/dates';
import { romeDate } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';
import { isIsoDate } from '../../../electron/core/forms/dates';
import { FormErrorSummary, summaryItems } from '../../components/FormErrorSummary';

type CatalogueItem = OutputOf<'pagopa.catalogue.list'>[number];
type NoticeView = OutputOf<'pagopa.notices.issue'>;

const DEFAULT_DUE_DAYS = 30;
const MAX_ITEMS = 5;

/** Finds a catalogue item by its code, or by the start of it when only one item begins that way. */
export function resolveCode(catalogue: CatalogueItem[], typed: string): CatalogueItem | 'unknown' | 'ambiguous' {
  const code = typed.trim().toUpperCase();
  const exact = catalogue.find((c) => c.code === code);
  if (exact) return exact;
  const starts = catalogue.filter((c) => c.code.startsWith(code));
  return starts.length === 1 ? starts[0] : starts.length > 1 ? 'ambiguous' : 'unknown';
}

export function IssueNotice() {
  const m = P.issue;
  const { param, go } = useNav();
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [codes, setCodes] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [fullName, setFullName] = useState('');
  const [cf, setCf] = useState('');
  const [dueDate, setDueDate] = useState(() => addToDate(romeDate(), DEFAULT_DUE_DAYS, 'day'));
  const [instCount, setInstCount] = useState(0);
  const [instDates, setInstDates] = useState<string[]>([]);
  const [link, setLink] = useState<{ personId?: string | null; appointmentId?: string | null }>({});
  const [prefill, setPrefill] = useState<string | null>(null);
  const [issued, setIssued] = useState<NoticeView | null>(null);
  const [printed, setPrinted] = useState(false);
  const { busy, error, run, fieldError, clear } = useAction();
  const print = useAction();
  const printRef = useRef<HTMLButtonElement>(null);
  const codeBox = useRef<HTMLDivElement>(null);
  const focusCode = () => codeBox.current?.querySelector('input')?.focus();

  useEffect(
    () =>
      void call('pagopa.catalogue.list', {})
        .then(setCatalogue)
        .catch(() => undefined),
    [],
  );

  // Start from what another room handed over (IssueNoticeButton) or from the person / appointment in the nav param.
  useEffect(() => {
    const draft = useNoticeDraft.getState().take();
    if (draft) {
      setFullName(draft.debtor.fullName);
      setCf(draft.debtor.codiceFiscale);
      setCodes(draft.items.slice(0, MAX_ITEMS).map((c) => c.toUpperCase()));
      setLink({ personId: draft.personId ?? null, appointmentId: draft.appointmentId ?? null });
      setPrefill(draft.appointmentId ? m.prefilledAppointment : draft.personId ? m.prefilledPerson : null);
      return;
    }
    const ref = issueParam.parse(param);
    if (!ref) return;
    let live = true;
    call('pagopa.debtor', ref)
      .then((d) => {
        if (!live) return;
        setFullName(d.fullName);
        setCf(d.codiceFiscale);
        setLink({ personId: d.personId, appointmentId: d.appointmentId });
        setPrefill(d.appointmentId ? m.prefilledAppointment : m.prefilledPerson);
      })
      .catch(() => live && setPrefill(m.prefillFailed));
    return () => {
      live = false;
    };
  }, [param, m]);

  // The counter starts typing a code at once (this runs after ScreenTitle has focused the heading).
  useEffect(() => {
    if (issued) printRef.current?.focus();
    else focusCode();
  }, [issued]);

  const chosen = useMemo(
    () => codes.map((c) => catalogue.find((i) => i.code === c)).filter((i): i is CatalogueItem => Boolean(i)),
    [codes, catalogue],
  );
  const total = chosen.reduce((a, i) => a + i.amountCents, 0);

  function addCode(): boolean {
    if (!code.trim()) return false;
    const found = resolveCode(catalogue, code);
    if (found === 'unknown') setCodeError(m.unknownCode(code.trim()));
    else if (found === 'ambiguous') setCodeError(m.ambiguousCode(code.trim()));
    else if (codes.length >= MAX_ITEMS) setCodeError(m.tooMany);
    else {
      setCodes([...codes, found.code]);
      setCode('');
      setCodeError(null);
    }
    return true;
  }

  function onCodeKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && addCode()) e.preventDefault();
  }

  /** One due date a month from `from`; the rates' boxes stay empty while the Scadenza is being typed. */
  const monthly = (from: string, n: number) => Array.from({ length: n }, (_, i) => (isIsoDate(from) ? addToDate(from, i, 'month') : ''));

  function setInstalments(n: number) {
    setInstCount(n);
    setInstDates(monthly(dueDate, n));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setCodeError(null);
    const notice = await run(() =>
      call('pagopa.notices.issue', {
        debtor: { fullName, codiceFiscale: cf },
        items: codes,
        dueDate,
        instalments: instCount > 0 ? instDates.map((d) => ({ dueDate: d })) : undefined,
        personId: link.personId ?? null,
        appointmentId: link.appointmentId ?? null,
      }),
    );
    if (notice)
      confirmNow(() => {
        setIssued(notice);
        setPrinted(false);
      });
  }

  async function printNotice(id: string) {
    const file = await print.run(() => call('pagopa.notices.pdf', { id }));
    if (file) {
      saveDownload(file);
      setPrinted(true);
    }
  }

  function restart() {
    setIssued(null);
    setCodes([]);
    setFullName('');
    setCf('');
    setLink({});
    setPrefill(null);
    setInstalments(0);
    setDueDate(addToDate(romeDate(), DEFAULT_DUE_DAYS, 'day'));
    clear();
    if (param) go('pagopa-issue', null);
    setTimeout(focusCode, 0);
  }

  if (issued) {
    const grouped = groupNav(issued.nav);
    return (
      <section className="pagopa-screen">
        <ScreenTitle>{m.title}</ScreenTitle>
        <Notice kind="success">
          <span data-testid="issued-nav" data-nav={issued.nav}>
            {m.issued(grouped)}
          </span>
          {issued.gpdState === 'pending' && <> {m.issuedOffline}</>}
        </Notice>
        <dl className="row">
          <dt className="col-sm-3">{m.debtorTitle}</dt>
          <dd className="col-sm-9">{issued.debtorName}</dd>
          <dt className="col-sm-3">{m.total}</dt>
          <dd className="col-sm-9">{P.common.euro(formatEuro(issued.totalCents))}</dd>
          <dt className="col-sm-3">{m.dueDate}</dt>
          <dd className="col-sm-9">{formatDateIt(issued.dueDate)}</dd>
        </dl>
        {print.error && <Notice kind="error">{print.error.message}</Notice>}
        {printed && <Notice kind="info">{m.printed}</Notice>}
        <div className="d-flex gap-2 flex-wrap">
          <button ref={printRef} type="button" className="btn btn-primary" disabled={print.busy} onClick={() => printNotice(issued.id)}>
            {m.print}
          </button>
          <button type="button" className="btn btn-outline-primary" onClick={restart}>
            {m.another}
          </button>
          <button type="button" className="btn btn-outline-secondary" onClick={() => go('pagopa-notices')}>
            {m.openList}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="pagopa-screen">
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      <FormErrorSummary items={summaryItems(error)} />
      <form onSubmit={submit} noValidate aria-label={m.title}>
        <fieldset className="mb-3">
          <legend className="h5">{m.itemsTitle}</legend>
          <div className="row align-items-start">
            <div className="col-md-6">
              <div ref={codeBox}>
                <Field
                  label={m.itemCode}
                  help={m.itemCodeHelp}
                  value={code}
                  list="pagopa-catalogue-codes"
                  autoComplete="off"
                  onChange={(e) => setCode(e.target.value)}
                  onKeyDown={onCodeKey}
                  error={codeError ?? fieldError('items') ?? fieldError('items.0')}
                  data-testid="item-code"
                />
              </div>
              <datalist id="pagopa-catalogue-codes">
                {catalogue.map((c) => (
                  <option key={c.id} value={c.code}>
                    {c.description}
                  </option>
                ))}
              </datalist>
            </div>
            <div className="col-md-3 pt-md-4">
              <button
                type="button"
                className="btn btn-outline-primary"
                onClick={() => {
                  addCode();
                  focusCode();
                }}
              >
                {m.addItem}
              </button>
            </div>
          </div>
          {chosen.length === 0 ? (
            <p>{m.noItems}</p>
          ) : (
            <ul className="list-group mb-2" data-testid="chosen-items">
              {chosen.map((c, i) => (
                <li key={`${c.code}-${i}`} className="list-group-item d-flex justify-content-between align-items-center gap-2">
                  <span>
                    <strong>{c.code}</strong> · {c.description}
                  </span>
                  <span className="d-flex align-items-center gap-2">
                    <span>{P.common.euro(formatEuro(c.amountCents))}</span>
                    <button
                      type="button"
                      className="btn btn-sm btn-outline-danger"
                      onClick={() => setCodes(codes.filter((_, k) => k !== i))}
                    >
                      {m.removeItem(c.code)}
                    </button>
                  </span>
                </li>
              ))}
              <li className="list-group-item d-flex justify-content-between">
                <strong>{m.total}</strong>
                <strong data-testid="issue-total">{P.common.euro(formatEuro(total))}</strong>
              </li>
            </ul>
          )}
        </fieldset>

        <fieldset className="mb-3">
          <legend className="h5">{m.debtorTitle}</legend>
          {prefill && <Notice kind={prefill === m.prefillFailed ? 'warning' : 'info'}>{prefill}</Notice>}
          <ReadCieButton
            onRead={(p) => {
              setFullName(`${p.nome} ${p.cognome}`);
              if (p.codiceFiscale) setCf(p.codiceFiscale);
            }}
          />
          <div className="row">
            <div className="col-md-6">
              <Field
                label={m.fullName}
                value={fullName}
                autoComplete="off"
                onChange={(e) => setFullName(e.target.value)}
                error={fieldError('debtor.fullName')}
              />
            </div>
            <div className="col-md-6">
              <Field
                label={m.codiceFiscale}
                value={cf}
                maxLength={16}
                autoComplete="off"
                className="text-uppercase"
                onChange={(e) => setCf(e.target.value.toUpperCase())}
                error={fieldError('debtor.codiceFiscale')}
              />
            </div>
          </div>
        </fieldset>

        <fieldset className="mb-3">
          <legend className="h5">{m.dueDate}</legend>
          <div className="row">
            <div className="col-md-4">
              <DateField
                label={m.dueDate}
                value={dueDate}
                help={m.dueDateHelp}
                min={romeDate()}
                onChange={(e) => {
                  setDueDate(e.target.value);
                  // Half-typed text is not a date: the rates follow only a whole one.
                  if (instCount && isIsoDate(e.target.value)) setInstDates(monthly(e.target.value, instCount));
                }}
                error={fieldError('dueDate')}
              />
            </div>
            <div className="col-md-4">
              <SelectField
                label={m.instalments}
                help={m.instalmentsHelp}
                value={instCount}
                onChange={(e) => setInstalments(Number(e.target.value))}
                options={[['0', m.noInstalments], ...[2, 3, 4, 5, 6, 7, 8, 9].map((n): [string, string] => [String(n), m.instalmentsN(n)])]}
              />
            </div>
          </div>
          {instCount > 0 && (
            <div className="row">
              {instDates.map((d, i) => (
                <div className="col-md-3" key={i}>
                  <DateField
                    label={m.instalmentDue(i + 1)}
                    value={d}
                    min={romeDate()}
                    onChange={(e) => setInstDates(instDates.map((x, k) => (k === i ? e.target.value : x)))}
                    error={fieldError(`instalments.${i}.dueDate`) ?? (i === 0 ? fieldError('instalments') : undefined)}
                  />
                </div>
              ))}
            </div>
          )}
        </fieldset>

        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? P.common.busy : m.submit}
        </button>
      </form>

      <h2 className="h5 mt-5">{m.catalogueTitle}</h2>
      <table className="table table-sm">
        <caption className="visually-hidden">{m.catalogueTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{P.settings.code}</th>
            <th scope="col">{P.settings.description}</th>
            <th scope="col" className="text-end">
              {P.settings.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {catalogue.map((c) => (
            <tr key={c.id}>
              <td>
                <code>{c.code}</code>
              </td>
              <td>{c.description}</td>
              <td className="text-end">{formatEuro(c.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
