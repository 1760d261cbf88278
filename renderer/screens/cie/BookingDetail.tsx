import { useEffect, useRef, useState } from 'react';
import { confirmNow } from '../../components/confirmNow';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { useNav } from '../../stores/nav';
import { useFreeStarts } from './BookingForm';
import { StartTimeSelect } from './controls';
import { saveDownload } from '../../components/download';
import { useAgendaSyncKey } from './hooks';
import { longDate, useCie } from './store';
import { romeDate, romeDateTimeText } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';
import { IoMessages, useIoSyncKey } from '../../components/IoMessages';
import { ioText } from '../../messages/io';

type Detail = OutputOf<'cie.booking.get'>;

export function BookingDetailView({ id, shown }: { id: string; shown?: Detail }) {
  const m = cieText;
  const mb = m.booking;
  const { open, takeFlash } = useCie();
  const go = useNav((s) => s.go);
  const [flash] = useState(() => takeFlash());
  const [d, setD] = useState<Detail | null>(shown ?? null);
  const [done, setDone] = useState<string | null>(flash);
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [reason, setReason] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const syncKey = useAgendaSyncKey();
  const ioKey = useIoSyncKey();

  const reload = () =>
    call('cie.booking.get', { id })
      .then(setD)
      .catch(() => undefined);
  // Shown from the save's answer: read again only when the queue moves.
  const skipFirstRead = useRef(shown !== undefined);
  useEffect(() => {
    if (skipFirstRead.current) skipFirstRead.current = false;
    else void reload();
  }, [id, syncKey, ioKey]); // eslint-disable-line react-hooks/exhaustive-deps

  async function act(fn: () => Promise<unknown>, message: string) {
    if (
      await run(async () => {
        await fn();
        return true;
      })
    ) {
      confirmNow(() => {
        setDone(message);
        setMode('view');
      });
      await reload();
    }
  }

  if (!d)
    return (
      <section>
        <ScreenTitle>{mb.title('…')}</ScreenTitle>
        {error && <Notice kind="error">{error.message}</Notice>}
      </section>
    );
  const b = d.booking;
  const today = romeDate();
  const names = (i: number) => `${b.people[i].givenNames} ${b.people[i].surname}`;
  return (
    <section>
      <ScreenTitle>{mb.title(b.code)}</ScreenTitle>
      <button type="button" className="btn btn-outline-secondary btn-sm mb-3" onClick={() => open({ kind: 'day' })}>
        {m.common.back}
      </button>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      {d.conflict?.status === 'open' && (
        <Notice kind="warning">
          {mb.conflict}{' '}
          <button type="button" className="btn btn-link p-0 align-baseline" onClick={() => go('cie-conflicts')}>
            {mb.resolveConflict}
          </button>
        </Notice>
      )}
      <dl className="row" data-testid="booking-detail">
        <dt className="col-sm-3">{mb.when}</dt>
        <dd className="col-sm-9" data-testid="booking-when">
          {longDate(b.date)}, ore {b.startTime}
        </dd>
        <dt className="col-sm-3">{mb.where}</dt>
        <dd className="col-sm-9">
          {d.station.name} — {d.station.place}
        </dd>
        <dt className="col-sm-3">{mb.people}</dt>
        <dd className="col-sm-9">
          <ul className="list-unstyled mb-0">
            {b.people.map((p, i) => (
              <li key={p.idx}>
                {b.times[i]} · {p.surname} {p.givenNames}
                {p.codiceFiscale ? ` · ${p.codiceFiscale}` : ''}
              </li>
            ))}
          </ul>
        </dd>
        <dt className="col-sm-3">{mb.status}</dt>
        <dd className="col-sm-9" data-testid="booking-status">
          {m.common.status[b.status]}
          {b.confirmBy && !b.confirmedAt ? ` · ${mb.confirmBy(romeDateTimeText(b.confirmBy))}` : ''}
        </dd>
        <dt className="col-sm-3">{mb.channel}</dt>
        <dd className="col-sm-9">{m.common.channel[b.channel]}</dd>
        <dt className="col-sm-3">{mb.sync}</dt>
        <dd className="col-sm-9" data-testid="booking-sync">
          {m.common.sync[b.syncState]}
        </dd>
        <dt className="col-sm-3">{ioText.label}</dt>
        <dd className="col-sm-9" data-testid="booking-io">
          <IoMessages io={d.io} />
        </dd>
        <dt className="col-sm-3">{mb.phone}</dt>
        <dd className="col-sm-9">{b.contactPhone ?? mb.none}</dd>
        <dt className="col-sm-3">{mb.email}</dt>
        <dd className="col-sm-9">{b.contactEmail ?? mb.none}</dd>
      </dl>

      <div className="d-flex gap-2 flex-wrap mb-3">
        {b.status === 'booked' && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => act(async () => saveDownload(await call('cie.booking.receipt', { id })), mb.receiptReady)}
          >
            {mb.receipt}
          </button>
        )}
        {b.status === 'booked' && b.date === today && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => act(() => call('cie.booking.arrived', { id }), mb.arrivedDone)}
          >
            {mb.arrived}
          </button>
        )}
        {b.status === 'booked' && b.date <= today && (
          <button
            type="button"
            className="btn btn-outline-primary"
            disabled={busy}
            onClick={() => act(() => call('cie.booking.noShow', { id }), mb.noShowDone)}
          >
            {mb.noShow}
          </button>
        )}
        {b.status === 'booked' && b.channel === 'online' && !b.confirmedAt && (
          <button
            type="button"
            className="btn btn-outline-primary"
            disabled={busy}
            onClick={() => act(() => call('cie.booking.confirm', { id, via: 'phone' }), mb.confirmed)}
          >
            {mb.confirm}
          </button>
        )}
        {b.status === 'booked' && mode === 'view' && (
          <button type="button" className="btn btn-outline-primary" onClick={() => setMode('move')}>
            {mb.move}
          </button>
        )}
        {(b.status === 'booked' || b.status === 'conflict') && mode === 'view' && (
          <button type="button" className="btn btn-outline-danger" onClick={() => setMode('cancel')}>
            {mb.cancel}
          </button>
        )}
      </div>

      {mode === 'move' && (
        <MoveForm
          detail={d}
          busy={busy}
          fieldError={fieldError}
          onCancel={() => setMode('view')}
          onMove={(date, startTime) =>
            act(() => call('cie.booking.reschedule', { id, date, startTime }), mb.moved(longDate(date), startTime))
          }
        />
      )}
      {mode === 'cancel' && (
        <form
          className="card card-bg p-3 mb-3"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => call('cie.booking.cancel', { id, reason }), mb.cancelled);
          }}
        >
          <Field
            label={mb.cancelReason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fieldError('reason')}
            autoFocus
          />
          <div className="d-flex gap-2">
            <button type="submit" className="btn btn-danger" disabled={busy}>
              {mb.cancelSubmit}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setMode('view')}>
              {mb.keep}
            </button>
          </div>
        </form>
      )}

      {d.checklists.length > 0 && (
        <>
          <h2 className="h4">{mb.checklists}</h2>
          <ul className="list-unstyled">
            {d.checklists.map((c) => (
              <li key={c.personIdx} className="mb-2">
                <strong>{mb.checklistOf(names(c.personIdx))}</strong>: {mb.checklistState[c.state]}
                {c.state === 'open' ? ` (${mb.missing(c.missing)})` : ''}
                {c.cieOnlinePratica ? ` · ${c.cieOnlinePratica}` : ''}{' '}
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm ms-2"
                  onClick={() => open({ kind: 'checklist', bookingId: id, personIdx: c.personIdx })}
                >
                  {mb.openChecklist(names(c.personIdx))}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function MoveForm({
  detail,
  busy,
  fieldError,
  onMove,
  onCancel,
}: {
  detail: Detail;
  busy: boolean;
  fieldError(f: string): string | undefined;
  onMove(date: string, time: string): void;
  onCancel(): void;
}) {
  const m = cieText;
  const b = detail.booking;
  const [date, setDate] = useState(b.date);
  const [time, setTime] = useState('');
  const starts = useFreeStarts(b.stationId, date, b.slotCount, b.id);
  useEffect(() => {
    if (starts && starts.length > 0 && !starts.includes(time)) setTime(starts[0]);
  }, [starts]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <form
      className="card card-bg p-3 mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (time) onMove(date, time);
      }}
    >
      <div className="row g-3">
        <div className="col-md-6">
          <DateField label={m.common.date} value={date} onChange={(e) => setDate(e.target.value)} error={fieldError('date')} />
        </div>
        <div className="col-md-6">
          <StartTimeSelect starts={starts} none={m.book.noTimes} value={time} onChange={setTime} error={fieldError('startTime')} />
        </div>
      </div>
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={busy || !time}>
          {m.booking.moveSubmit}
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}
