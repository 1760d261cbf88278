import { useState, type FormEvent } from 'react';
import { call } from '../api';
import { romeDate } from '../../electron/core/rome-time';
import { Notice } from '../components/Notice';
import { useAction } from '../components/useAction';
import { auditText as m } from '../messages/audit';
import { savePdf } from '../components/download';
import { DateField } from '../components/DateField';

/** The responsabile prints a day's closing report (items and their fate, the audit log's head). */
export function ClosingReport() {
  const [date, setDate] = useState(() => romeDate());
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();

  async function print(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const r = await run(() => call('audit.closingReport', { date }));
    if (r) {
      savePdf(r.filename, r.pdfBase64);
      setDone(m.printed(r.items, r.seq));
    }
  }

  return (
    <form onSubmit={print} className="mt-5" aria-labelledby="closing-title">
      <h2 id="closing-title" className="h5">
        {m.closingTitle}
      </h2>
      <p>{m.closingIntro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && !error.field && <Notice kind="error">{error.message}</Notice>}
      <div className="row align-items-end">
        <div className="col-md-4">
          <DateField
            label={m.dateLabel}
            value={date}
            max={romeDate()}
            onChange={(e) => setDate(e.target.value)}
            error={fieldError('date')}
          />
        </div>
        <div className="col-md-4 mb-3">
          <button type="submit" className="btn btn-outline-primary" disabled={busy}>
            {m.print}
          </button>
        </div>
      </div>
    </form>
  );
}
