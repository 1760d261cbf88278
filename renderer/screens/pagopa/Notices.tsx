import { IoMessages } from '../../components/IoMessages';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { formatDateIt, formatEuro } from '../../../electron/core/pagopa/format';
import { groupNav } from '../../../electron/core/pagopa/nav';
import { ScrollTable } from '../../components/ScrollTable';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { pagopaMessages as P } from '../../messages/pagopa';
import { useSession } from '../../stores/session';
import { saveDownload } from '../../components/download';
import { romeDate } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';

type NoticeView = OutputOf<'pagopa.notices.list'>[number];
type Panel = { kind: 'paid' | 'cancel'; notice: NoticeView } | null;

const STATUS_CLASS: Record<NoticeView['displayStatus'], string> = {
  unpaid: 'bg-primary',
  paid: 'bg-success',
  expired: 'bg-warning text-dark',
  cancelled: 'bg-secondary',
};

export function StatusBadge({ notice }: { notice: Pick<NoticeView, 'displayStatus' | 'nav'> }) {
  return (
    <span className={`badge ${STATUS_CLASS[notice.displayStatus]}`} data-testid={`status-${notice.nav}`} data-status={notice.displayStatus}>
      {P.status[notice.displayStatus]}
    </span>
  );
}

export function Notices() {
  const m = P.notices;
  const sync = useSession((s) => s.sync);
  const [scope, setScope] = useState<'today' | 'all'>('today');
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [list, setList] = useState<NoticeView[] | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDone] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const { error, run } = useAction();
  // Where the keyboard was before a confirmation panel opened: focus goes back there.
  const trigger = useRef<HTMLElement | null>(null);
  const openPanel = (kind: 'paid' | 'cancel', notice: NoticeView, from: HTMLElement) => {
    trigger.current = from;
    setDone(null);
    setPanel({ kind, notice });
  };
  const closePanel = (msg?: string) => {
    setPanel(null);
    if (msg) {
      setDone(msg);
      void reload();
    }
    setTimeout(() => {
      const back = trigger.current?.isConnected ? trigger.current : document.querySelector<HTMLElement>('main h1');
      back?.focus();
    }, 0);
  };

  const reload = useCallback(
    () =>
      call('pagopa.notices.list', { scope, query: applied || undefined })
        .then(setList)
        .catch(() => undefined),
    [scope, applied],
  );
  useEffect(() => void reload(), [reload, sync]);

  // Ask pagoPA for payments when the screen opens; the answer comes back as a sync event (reload above).
  const refresh = useCallback(() => {
    setRefreshing(true);
    void call('pagopa.refresh', {})
      .catch(() => undefined)
      .finally(() => setTimeout(() => setRefreshing(false), 1500));
  }, []);
  useEffect(() => refresh(), [refresh]);

  async function printNotice(n: NoticeView) {
    setDone(null);
    const file = await run(() => call('pagopa.notices.pdf', { id: n.id }));
    if (file) {
      saveDownload(file);
      setDone(m.printed(groupNav(n.nav)));
    }
  }

  function search(e: FormEvent) {
    e.preventDefault();
    setApplied(query.trim());
  }

  return (
    <section className="pagopa-screen">
      <ScreenTitle>{m.title}</ScreenTitle>
      <div className="d-flex flex-wrap gap-3 align-items-end mb-3">
        <div role="group" aria-label={m.scope} className="btn-group">
          {(['today', 'all'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className={`btn ${scope === s ? 'btn-primary' : 'btn-outline-primary'}`}
              aria-pressed={scope === s}
              onClick={() => setScope(s)}
            >
              {m[s]}
            </button>
          ))}
        </div>
        <form onSubmit={search} className="d-flex gap-2 align-items-end flex-grow-1" role="search">
          <div className="flex-grow-1">
            <Field label={m.search} value={query} onChange={(e) => setQuery(e.target.value)} type="search" />
          </div>
          <button type="submit" className="btn btn-outline-primary mb-3">
            {m.searchButton}
          </button>
        </form>
        <button type="button" className="btn btn-outline-secondary mb-3" onClick={refresh} disabled={refreshing}>
          {m.refresh}
        </button>
      </div>
      <div role="status" className="visually-hidden">
        {refreshing ? m.refreshing : list ? m.count(list.length) : ''}
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}

      {panel && <ActionPanel panel={panel} onClose={() => closePanel()} onDone={(msg) => closePanel(msg)} />}

      {list && list.length === 0 && <p data-testid="notices-empty">{m.empty}</p>}
      {list && list.length > 0 && (
        <ScrollTable>
          <table className="table table-hover align-middle" data-testid="notices-table">
            <caption className="visually-hidden">{m.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.col.code}</th>
                <th scope="col">{m.col.debtor}</th>
                <th scope="col">{m.col.subject}</th>
                <th scope="col" className="text-end">
                  {m.col.amount}
                </th>
                <th scope="col">{m.col.due}</th>
                <th scope="col">{m.col.status}</th>
                <th scope="col">{m.col.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => {
                const code = groupNav(n.nav);
                const open = n.displayStatus === 'unpaid' || n.displayStatus === 'expired';
                const partly = n.options.some((o) => o.status === 'paid');
                return (
                  <tr key={n.id} data-testid="notice-row" data-nav={n.nav}>
                    <th scope="row" className="font-monospace fw-normal text-nowrap">
                      {code}
                    </th>
                    <td>{n.debtorName}</td>
                    <td>{n.subject}</td>
                    <td className="text-end text-nowrap">{P.common.euro(formatEuro(n.totalCents))}</td>
                    <td className="text-nowrap">{formatDateIt(n.dueDate)}</td>
                    <td>
                      <StatusBadge notice={n} />
                      <div className="small">
                        {n.paidAt && m.paidOn(formatDateIt(romeDate(n.paidAt)))}
                        {n.paidSource === 'manual' && ` (${m.manual})`}
                        {!n.paidAt && (n.gpdErrorCode === 'GPD_POSITION_NOT_FOUND' ? P.gpdMissing : P.gpd[n.gpdState])}
                      </div>
                      <div className="small">
                        <IoMessages io={n.io} compact />
                      </div>
                    </td>
                    <td>
                      <div className="d-flex gap-1 flex-wrap">
                        {n.displayStatus !== 'cancelled' && (
                          <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => printNotice(n)}>
                            {m.print}
                            <span className="visually-hidden"> {m.actionsFor(code)}</span>
                          </button>
                        )}
                        {open && (
                          <button
                            type="button"
                            className="btn btn-sm btn-outline-success"
                            onClick={(e) => openPanel('paid', n, e.currentTarget)}
                          >
                            {m.markPaid}
                            <span className="visually-hidden"> {m.actionsFor(code)}</span>
                          </button>
                        )}
                        {open && !partly && (
                          <button
                            type="button"
                            className="btn btn-sm btn-outline-danger"
                            onClick={(e) => openPanel('cancel', n, e.currentTarget)}
                          >
                            {m.cancel}
                            <span className="visually-hidden"> {m.actionsFor(code)}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

/** Confirms "segna pagato" (with the receipt) or "annulla" (with a reason) for one notice. */
function ActionPanel({ panel, onClose, onDone }: { panel: NonNullable<Panel>; onClose(): void; onDone(msg: string): void }) {
  const m = P.notices;
  const n = panel.notice;
  const code = groupNav(n.nav);
  const [receipt, setReceipt] = useState('');
  const [paidOn, setPaidOn] = useState(romeDate());
  const [reason, setReason] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), [panel]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (panel.kind === 'paid') {
      if (await run(() => call('pagopa.notices.markPaid', { id: n.id, receipt, paidOn }))) onDone(m.markedPaid(code));
    } else if (await run(() => call('pagopa.notices.cancel', { id: n.id, reason }))) {
      onDone(m.cancelled(code));
    }
  }

  const title = panel.kind === 'paid' ? m.markPaidTitle(code) : m.cancelTitle(code);
  return (
    <section
      ref={box}
      className="card card-bg mb-4 border"
      aria-labelledby="pagopa-panel-title"
      data-testid="notice-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="card-body">
        <h2 id="pagopa-panel-title" className="h5">
          {title}
        </h2>
        <p>
          {n.debtorName} · {P.common.euro(formatEuro(n.totalCents))}
        </p>
        <p>{panel.kind === 'paid' ? m.markPaidIntro : m.cancelIntro}</p>
        {error && !fieldError('receipt') && !fieldError('reason') && !fieldError('paidOn') && <Notice kind="error">{error.message}</Notice>}
        <form onSubmit={submit} noValidate>
          {panel.kind === 'paid' ? (
            <div className="row">
              <div className="col-md-6">
                <Field
                  label={m.receipt}
                  help={m.receiptHelp}
                  value={receipt}
                  onChange={(e) => setReceipt(e.target.value)}
                  error={fieldError('receipt') ?? fieldError('note')}
                />
              </div>
              <div className="col-md-3">
                <DateField
                  label={m.paidDate}
                  max={romeDate()}
                  value={paidOn}
                  onChange={(e) => setPaidOn(e.target.value)}
                  error={fieldError('paidOn') ?? fieldError('paidAt')}
                />
              </div>
            </div>
          ) : (
            <Field label={m.reason} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError('reason')} />
          )}
          <div className="d-flex gap-2">
            <button type="submit" className={`btn ${panel.kind === 'paid' ? 'btn-success' : 'btn-danger'}`} disabled={busy}>
              {panel.kind === 'paid' ? m.confirmPaid : m.confirmCancel}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
              {P.common.close}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
