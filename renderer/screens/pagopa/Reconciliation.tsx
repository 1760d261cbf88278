import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { formatDateIt, formatEuro } from '../../../electron/core/pagopa/format';
import { groupNav } from '../../../electron/core/pagopa/nav';
import { ScrollTable } from '../../components/ScrollTable';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { pagopaMessages as P } from '../../messages/pagopa';
import { useSession } from '../../stores/session';
import { saveDownload } from '../../components/download';
import { romeDate } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';

type Recon = OutputOf<'pagopa.reconciliation'>;
type Row = Recon['issued'][number];
const SECTIONS = ['issued', 'paid', 'outstanding'] as const;

export function Reconciliation() {
  const m = P.recon;
  const sync = useSession((s) => s.sync);
  const [date, setDate] = useState(romeDate());
  const [rec, setRec] = useState<Recon | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { error, run, fieldError } = useAction();
  const csv = useAction();

  const load = useCallback(async () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    const r = await run(() => call('pagopa.reconciliation', { date }));
    if (r) setRec(r);
  }, [date]);
  useEffect(() => void load(), [load, sync]);
  useEffect(() => void call('pagopa.refresh', {}).catch(() => undefined), []);

  async function exportCsv() {
    setDone(null);
    const file = await csv.run(() => call('pagopa.reconciliation.csv', { date }));
    if (file) {
      saveDownload(file);
      setDone(m.csvDone);
    }
  }

  const totals = rec?.totals;
  return (
    <section className="pagopa-screen">
      <ScreenTitle>{m.title}</ScreenTitle>
      <div className="d-flex flex-wrap gap-3 align-items-end">
        <div>
          <DateField label={m.date} value={date} max={romeDate()} onChange={(e) => setDate(e.target.value)} error={fieldError('date')} />
        </div>
        <button type="button" className="btn btn-outline-primary mb-3" onClick={exportCsv} disabled={csv.busy || !rec}>
          {m.csv}
        </button>
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      {error && !fieldError('date') && <Notice kind="error">{error.message}</Notice>}
      {csv.error && <Notice kind="error">{csv.error.message}</Notice>}
      {rec && totals && (
        <>
          <h2 className="h5">
            {m.summary} · {formatDateIt(rec.date)}
          </h2>
          <table className="table w-auto" data-testid="recon-totals">
            <caption className="visually-hidden">{m.summary}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{m.summary}</span>
                </th>
                <th scope="col" className="text-end">
                  {m.count}
                </th>
                <th scope="col" className="text-end">
                  {m.amount}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{m.issued}</th>
                <td className="text-end">{totals.issuedCount}</td>
                <td className="text-end" data-testid="total-issued">
                  {P.common.euro(formatEuro(totals.issuedCents))}
                </td>
              </tr>
              <tr>
                <th scope="row">{m.paid}</th>
                <td className="text-end">{totals.paidCount}</td>
                <td className="text-end" data-testid="total-paid">
                  {P.common.euro(formatEuro(totals.paidCents))}
                </td>
              </tr>
              <tr>
                <th scope="row">{m.outstanding}</th>
                <td className="text-end">{totals.outstandingCount}</td>
                <td className="text-end" data-testid="total-outstanding">
                  {P.common.euro(formatEuro(totals.outstandingCents))}
                </td>
              </tr>
            </tbody>
          </table>
          {SECTIONS.map((key) => (
            <Section key={key} id={key} title={m[key]} rows={rec[key]} />
          ))}
        </>
      )}
    </section>
  );
}

function Section({ id, title, rows }: { id: string; title: string; rows: Row[] }) {
  const m = P.recon;
  return (
    <section aria-labelledby={`recon-${id}`} className="mt-4" data-testid={`recon-${id}`}>
      <h2 id={`recon-${id}`} className="h5">
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ScrollTable>
          <table className="table table-sm">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{m.col.code}</th>
                <th scope="col">{m.col.debtor}</th>
                <th scope="col">{m.col.subject}</th>
                <th scope="col" className="text-end">
                  {m.col.amount}
                </th>
                <th scope="col" className="text-end">
                  {m.col.paid}
                </th>
                <th scope="col">{m.col.issuedOn}</th>
                <th scope="col">{m.col.paidOn}</th>
                <th scope="col">{m.col.receipt}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.noticeId} data-nav={r.nav}>
                  <th scope="row" className="font-monospace fw-normal text-nowrap">
                    {groupNav(r.nav)}
                  </th>
                  <td>{r.debtorName}</td>
                  <td>{r.subject}</td>
                  <td className="text-end text-nowrap">{formatEuro(r.totalCents)}</td>
                  <td className="text-end text-nowrap">{formatEuro(r.paidCents)}</td>
                  <td className="text-nowrap">{formatDateIt(r.issuedOn)}</td>
                  <td className="text-nowrap">{r.paidAt ? formatDateIt(romeDate(r.paidAt)) : ''}</td>
                  <td className="small">{r.receiptIds.join(' ') || (r.paidSource === 'manual' ? P.notices.manual : '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
