import { useEffect, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../electron/contract';
import { addDays, romeDate } from '../../electron/core/rome-time';
import { call } from '../api';
import { saveDownload } from '../components/download';
import { Field, SelectField } from '../components/Field';
import { Notice } from '../components/Notice';
import { ScreenTitle } from '../components/ScreenTitle';
import { useAction } from '../components/useAction';
import { statsText as m } from '../messages/stats';
import { ChartFigure } from './ChartFigure';

type Summary = OutputOf<'stats.summary'>;

/** Colours with at least 3:1 contrast on white (bootstrap-italia's primary, success, warning, danger, grey). */
const BLUE = '#0066cc';
const GREEN = '#008055';
const AMBER = '#a66300';
const RED = '#cc334d';
const GREY = '#5d7083';

const shortDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;
const longDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const monthName = (ym: string) => `${m.months[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

/** This month and the eleven before it, newest first. */
function lastMonths(): string[] {
  let day = `${romeDate().slice(0, 7)}-15`;
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.push(day.slice(0, 7));
    day = addDays(`${day.slice(0, 7)}-01`, -15);
  }
  return out;
}

function Charts({ s }: { s: Summary }) {
  const days = s.served.map((d) => d.date);
  const total = s.served.reduce((a, d) => a + d.pratiche + d.cie + d.notices, 0);
  const busiest = s.served.reduce<{ date: string; n: number } | null>((best, d) => {
    const n = d.pratiche + d.cie + d.notices;
    return n > 0 && (!best || n > best.n) ? { date: d.date, n } : best;
  }, null);
  const w = s.cieWait;
  return (
    <>
      <p>{m.range(longDate(s.from), longDate(s.to))}</p>
      <ChartFigure
        testId="chart-served"
        title={m.served.title}
        summary={m.served.summary(total, longDate(s.from), longDate(s.to), busiest && longDate(busiest.date), busiest?.n ?? 0)}
        labels={days.map(shortDate)}
        rowLabels={days.map(longDate)}
        rowHeader={m.day}
        stacked
        caption={m.served.caption}
        series={[
          { label: m.served.pratiche, values: s.served.map((d) => d.pratiche), color: BLUE },
          { label: m.served.cie, values: s.served.map((d) => d.cie), color: GREEN },
          { label: m.served.notices, values: s.served.map((d) => d.notices), color: AMBER },
        ]}
      />
      <div className="row">
        <div className="col-xl-6">
          <ChartFigure
            testId="chart-wait"
            title={m.wait.title}
            summary={m.wait.summary(w.bands)}
            labels={w.bands.map((b) => b.label)}
            rowHeader={m.wait.band}
            caption={m.wait.caption}
            series={[{ label: m.wait.count, values: w.bands.map((b) => b.count), color: BLUE }]}
          />
          <p data-testid="wait-stats">{m.wait.stats(w.measured, w.meanDays, w.medianDays)}</p>
        </div>
        <div className="col-xl-6">
          <ChartFigure
            testId="chart-notices"
            title={m.notices.title}
            summary={m.notices.summary(s.notices.paid, s.notices.unpaid, s.notices.cancelled)}
            labels={[m.notices.paid, m.notices.unpaid, m.notices.cancelled]}
            rowHeader={m.notices.state}
            caption={m.notices.caption}
            series={[{ label: m.notices.count, values: [s.notices.paid, s.notices.unpaid, s.notices.cancelled], color: GREEN }]}
          />
        </div>
      </div>
      <section aria-labelledby="sync-health-title" className="mb-4">
        <h2 id="sync-health-title" className="h5">
          {m.sync.title}
        </h2>
        <p>{m.sync.intro}</p>
        <div className="row">
          {s.sync.map((p) => {
            const sum = (k: 'done' | 'attention' | 'queued') => p.days.reduce((a, d) => a + d[k], 0);
            return (
              <div className="col-xl-4" key={p.platform}>
                <ChartFigure
                  testId={`chart-sync-${p.platform}`}
                  level={3}
                  title={p.label}
                  summary={m.sync.summary(p.label, sum('done'), sum('attention'), sum('queued'))}
                  labels={p.days.map((d) => shortDate(d.date))}
                  rowLabels={p.days.map((d) => longDate(d.date))}
                  rowHeader={m.day}
                  stacked
                  caption={m.sync.caption(p.label)}
                  series={[
                    { label: m.sync.done, values: p.days.map((d) => d.done), color: GREEN },
                    { label: m.sync.attention, values: p.days.map((d) => d.attention), color: RED },
                    { label: m.sync.queued, values: p.days.map((d) => d.queued), color: GREY },
                  ]}
                />
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}

function OpenDataExport({ months }: { months: string[] }) {
  const [month, setMonth] = useState(months[1]);
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const r = await run(() => call('stats.openData.export', { month, ...(email.trim() ? { contactEmail: email.trim() } : {}) }));
    if (r) {
      saveDownload(r.csv);
      saveDownload(r.metadata);
      setDone(m.openData.done(monthName(r.month), r.rows));
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="open-data-title" className="mt-2">
      <h2 id="open-data-title" className="h5">
        {m.openData.title}
      </h2>
      <p>{m.openData.intro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && !error.field && <Notice kind="error">{error.message}</Notice>}
      <div className="row">
        <div className="col-lg-4">
          <SelectField
            label={m.openData.month}
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            options={months.map((v) => [v, monthName(v)] as [string, string])}
            error={fieldError('month')}
          />
        </div>
        <div className="col-lg-8">
          <Field
            label={m.openData.email}
            type="email"
            value={email}
            help={m.openData.emailHelp}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError('contactEmail')}
          />
        </div>
      </div>
      <button type="submit" className="btn btn-primary mb-4" disabled={busy}>
        {m.openData.submit}
      </button>
    </form>
  );
}

/** The responsabile's picture of the counter's work, and the monthly open data. */
export function Riepilogo() {
  const [months] = useState(lastMonths);
  const [period, setPeriod] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    setFailed(null);
    call('stats.summary', period ? { month: period } : {})
      .then(setSummary)
      .catch((e: Error) => setFailed(e.message));
  }, [period]);

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      <div className="row">
        <div className="col-lg-4">
          <SelectField
            label={m.period}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            options={[['', m.last30] as [string, string], ...months.map((v) => [v, monthName(v)] as [string, string])]}
          />
        </div>
      </div>
      {failed && <Notice kind="error">{failed}</Notice>}
      {!summary && !failed && <p>{m.loading}</p>}
      {summary && <Charts s={summary} />}
      <OpenDataExport months={months} />
    </section>
  );
}
