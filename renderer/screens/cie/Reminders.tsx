import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { ScrollTable } from '../../components/ScrollTable';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { saveDownload } from '../../components/download';
import { addDays, longDate } from './store';
import { romeDate } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';

type Rows = OutputOf<'cie.reminders'>['rows'];

export function RemindersScreen() {
  const m = cieText.reminders;
  const [date, setDate] = useState(() => addDays(romeDate(), 1));
  const [rows, setRows] = useState<Rows | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    call('cie.reminders', { date })
      .then((r) => setRows(r.rows))
      .catch(() => setRows([]));
  }, [date]);

  async function csv() {
    if (
      await run(async () => {
        saveDownload(await call('cie.reminders.csv', { date }));
        return true;
      })
    )
      setDone(m.csvDone);
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <div className="row g-3 align-items-end">
        <div className="col-md-4">
          <DateField label={cieText.common.date} value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="col-md-4 mb-3">
          <button type="button" className="btn btn-primary" disabled={busy || !rows?.length} onClick={csv}>
            {m.csv}
          </button>
        </div>
      </div>
      {rows && rows.length === 0 && <p>{m.none}</p>}
      {rows && rows.length > 0 && (
        <ScrollTable>
          <table className="table table-sm" data-testid="reminders-table">
            <caption className="caption-top">{m.caption(longDate(date))}</caption>
            <thead>
              <tr>
                <th scope="col">{m.cols.time}</th>
                <th scope="col">{m.cols.station}</th>
                <th scope="col">{m.cols.code}</th>
                <th scope="col">{m.cols.names}</th>
                <th scope="col">{m.cols.phone}</th>
                <th scope="col">{m.cols.email}</th>
                <th scope="col">{m.cols.confirmed}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{r.time}</th>
                  <td>{r.station}</td>
                  <td>{r.code}</td>
                  <td>{r.names}</td>
                  <td>{r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : '—'}</td>
                  <td>{r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : '—'}</td>
                  <td>{r.confirmed ? m.yes : m.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
