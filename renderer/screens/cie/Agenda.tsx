import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { ScrollTable } from '../../components/ScrollTable';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { useNav } from '../../stores/nav';
import { BookingDetailView } from './BookingDetail';
import { BookingForm } from './BookingForm';
import { ChecklistScreen } from './Checklist';
import { SelectField } from './controls';
import { useAgendaSyncKey, useHubTick, useStations } from './hooks';
import { addDays, longDate, useCie } from './store';
import { romeDate } from '../../../electron/core/rome-time';
import { DateField } from '../../components/DateField';

type Day = OutputOf<'cie.day'>;

/** go(AGENDA, KEEP_VIEW) opens the agenda on the view another screen chose; the menu opens the day. */
export const KEEP_VIEW = 'keep-view';

/** The agenda screen: the day view, and from it the booking form, a booking and its checklists. */
export function AgendaScreen() {
  const stored = useCie((s) => s.view);
  const [fromMenu] = useState(() => useNav.getState().param !== KEEP_VIEW);
  const [fresh, setFresh] = useState(fromMenu);
  useEffect(() => {
    if (fromMenu) useCie.getState().open({ kind: 'day' }, useCie.getState().flash);
    setFresh(false);
  }, [fromMenu]);
  const view = fresh ? { kind: 'day' as const } : stored;
  if (view.kind === 'book') return <BookingForm initialTime={view.time} />;
  if (view.kind === 'booking') return <BookingDetailView key={view.id} id={view.id} shown={view.shown} />;
  if (view.kind === 'checklist') {
    return (
      <ChecklistScreen
        key={`${view.bookingId}:${view.personIdx}`}
        bookingId={view.bookingId}
        personIdx={view.personIdx}
        shown={view.shown}
      />
    );
  }
  return <DayScreen />;
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function DayScreen() {
  const m = cieText;
  const { stationId, date, setStation, setDate, open, takeFlash } = useCie();
  const stations = useStations();
  const [day, setDay] = useState<Day | null>(null);
  const [flash] = useState(() => takeFlash());
  const [info, setInfo] = useState<string | null>(flash);
  const [code, setCode] = useState('');
  const { error, run, busy } = useAction();
  const syncKey = useAgendaSyncKey();
  const hubTick = useHubTick();
  const go = useNav((s) => s.go);

  useEffect(() => {
    if (!stationId || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    let live = true;
    call('cie.day', { stationId, date })
      .then((d) => {
        if (live) setDay(d);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [stationId, date, syncKey, hubTick]);

  async function pull() {
    const r = await run(() => call('cie.pullNow', {}));
    if (r) setInfo(r.reached ? m.common.pulled(r.applied, r.conflicts) : m.common.notReached);
    if (stationId) setDay(await call('cie.day', { stationId, date }));
  }

  async function findCode() {
    const r = await run(() => call('cie.booking.findByCode', { code }));
    if (r === null) setInfo(m.day.codeNotFound);
    else if (r) open({ kind: 'booking', id: r.id });
  }

  const station = stations?.find((s) => s.id === stationId);
  return (
    <section>
      <ScreenTitle>{m.day.title}</ScreenTitle>
      {stations && stations.length === 0 && <Notice kind="warning">{m.common.noStations}</Notice>}
      {info && <Notice kind="info">{info}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <div className="row g-3 align-items-end">
        <div className="col-md-4">
          <SelectField
            label={m.common.station}
            value={stationId ?? ''}
            onChange={(e) => setStation(e.target.value)}
            options={(stations ?? []).map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} (non attiva)` }))}
          />
        </div>
        <div className="col-md-3">
          <DateField label={m.common.date} value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="col-md-5 mb-3 d-flex gap-2 flex-wrap">
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setDate(addDays(date, -1))}>
            {m.day.prev}
          </button>
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setDate(romeDate())}>
            {m.day.today}
          </button>
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setDate(addDays(date, 1))}>
            {m.day.next}
          </button>
        </div>
      </div>
      <div className="d-flex gap-2 flex-wrap mb-3">
        <button type="button" className="btn btn-primary" disabled={!station} onClick={() => open({ kind: 'book' })}>
          {m.day.newBooking}
        </button>
        <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={pull}>
          {m.common.refreshOnline}
        </button>
      </div>
      <form
        className="row g-2 align-items-end mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          void findCode();
        }}
      >
        <div className="col-md-4">
          <Field label={m.day.findCode} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        </div>
        <div className="col-md-2 mb-3">
          <button type="submit" className="btn btn-outline-primary" disabled={!code.trim()}>
            {m.day.find}
          </button>
        </div>
      </form>

      {day && day.station.id === stationId && (
        <>
          {day.openConflicts.length > 0 && (
            <Notice kind="warning">
              {m.day.conflicts(day.openConflicts.length)}{' '}
              <button type="button" className="btn btn-link p-0 align-baseline" onClick={() => go('cie-conflicts')}>
                {m.day.openConflicts}
              </button>
            </Notice>
          )}
          {day.closures.map((c) => (
            <Notice kind="info" key={c.id}>
              {m.day.closure(c.reason, c.fromTime, c.toTime)}
            </Notice>
          ))}
          <p className="small mb-1" data-testid="cie-quota">
            {m.day.quota(day.quota.usedCounter, day.quota.counter, day.quota.usedOnline, day.quota.online)}
          </p>
          {day.walkInsWaiting > 0 && <p className="small">{m.day.walkIns(day.walkInsWaiting)}</p>}
          {day.slots.length === 0 ? (
            <p>{m.day.closedDay}</p>
          ) : (
            <DayGrid
              key={`${day.station.id}:${day.date}`}
              day={day}
              onFree={(time) => open({ kind: 'book', time })}
              onOpen={(id) => open({ kind: 'booking', id })}
            />
          )}
          <OtherBookings day={day} onOpen={(id) => open({ kind: 'booking', id })} />
        </>
      )}
    </section>
  );
}

/**
 * The day's slots as a table. One slot button is in the Tab order (roving tabindex); the arrow
 * keys, Home and End move between slots, Enter books a free slot or opens the booking.
 */
function DayGrid({ day, onFree, onOpen }: { day: Day; onFree(time: string): void; onOpen(id: string): void }) {
  const m = cieText;
  const isPast = (time: string) =>
    day.date < day.today || (day.date === day.today && minutes(time) + day.station.slotMinutes <= minutes(day.nowTime));
  const theirs = (s: Day['slots'][number]) => s.booking?.counter != null && !s.booking.counter.self;
  // Another counter's booking is shown, not opened here (it lives on that counter's PC).
  const actionable = day.slots.map((s) => (s.booking !== null ? !theirs(s) : !isPast(s.time)));
  const firstUseful = () => {
    const future = day.slots.findIndex((s, i) => actionable[i] && !isPast(s.time));
    return future >= 0 ? future : actionable.indexOf(true);
  };
  const [active, setActive] = useState(firstUseful);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = actionable[active] ? active : firstUseful();

  function onKeyDown(e: KeyboardEvent<HTMLTableSectionElement>) {
    const idx = refs.current.indexOf(document.activeElement as HTMLButtonElement);
    if (idx < 0) return;
    const order = actionable.map((a, i) => (a ? i : -1)).filter((i) => i >= 0);
    const pos = order.indexOf(idx);
    let next: number | undefined;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = order[Math.min(pos + 1, order.length - 1)];
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = order[Math.max(pos - 1, 0)];
    else if (e.key === 'Home') next = order[0];
    else if (e.key === 'End') next = order[order.length - 1];
    else if (e.key === 'PageDown') next = order[Math.min(pos + 6, order.length - 1)];
    else if (e.key === 'PageUp') next = order[Math.max(pos - 6, 0)];
    if (next === undefined) return;
    e.preventDefault();
    setActive(next);
    refs.current[next]?.focus();
  }

  return (
    <>
      <p className="small" id="cie-grid-help">
        {m.day.keyboardHelp}
      </p>
      <ScrollTable>
        <table className="table table-sm align-middle" aria-describedby="cie-grid-help" data-testid="cie-day-grid">
          <caption className="caption-top">{m.day.caption(longDate(day.date), day.station.name)}</caption>
          <thead>
            <tr>
              <th scope="col">{m.day.colTime}</th>
              <th scope="col">{m.day.colBooking}</th>
              <th scope="col">{m.day.colStatus}</th>
              <th scope="col">{m.day.colChannel}</th>
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown}>
            {day.slots.map((s, i) => {
              const b = s.booking;
              const past = isPast(s.time);
              return (
                <tr key={s.time} className={past ? 'text-muted' : undefined}>
                  <th scope="row">{s.time}</th>
                  <td>
                    {b && theirs(s) ? (
                      <span data-slot={s.time}>{m.day.otherCounter(b.name)}</span>
                    ) : b ? (
                      <button
                        type="button"
                        className="btn btn-link p-0 text-start"
                        data-slot={s.time}
                        tabIndex={i === current ? 0 : -1}
                        ref={(el) => {
                          refs.current[i] = el;
                        }}
                        onFocus={() => setActive(i)}
                        onClick={() => onOpen(b.id)}
                      >
                        {m.day.open(b.name, b.code)}
                      </button>
                    ) : past ? (
                      m.day.past
                    ) : (
                      <button
                        type="button"
                        className="btn btn-outline-primary btn-sm"
                        data-slot={s.time}
                        tabIndex={i === current ? 0 : -1}
                        ref={(el) => {
                          refs.current[i] = el;
                        }}
                        onFocus={() => setActive(i)}
                        onClick={() => onFree(s.time)}
                      >
                        {m.day.freeAction(s.time)}
                      </button>
                    )}
                    {b?.counter && <CounterBadge mark={b.counter} />}
                  </td>
                  <td>
                    {b
                      ? `${m.common.status[b.status]}${b.channel === 'online' && !b.confirmed ? ` (${m.day.unconfirmed})` : ''}`
                      : past
                        ? ''
                        : m.day.free}
                  </td>
                  <td>{b ? m.common.channel[b.channel] : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
    </>
  );
}

/** «Sportello 2»: which counter of the Comune booked it (only with a hub). */
function CounterBadge({ mark }: { mark: { number: number; name: string; self: boolean } }) {
  const m = cieText.day;
  return (
    <span className={`badge ms-2 ${mark.self ? 'bg-primary' : 'bg-dark'}`} data-counter={mark.number} title={mark.name}>
      {m.counter(mark.number)}
      {mark.self ? ` · ${m.thisCounter}` : ''}
    </span>
  );
}

function OtherBookings({ day, onOpen }: { day: Day; onOpen(id: string): void }) {
  const m = cieText;
  const inGrid = new Set(day.slots.map((s) => s.booking?.id).filter(Boolean));
  const others = day.bookings.filter((b) => !inGrid.has(b.id));
  if (others.length === 0) return null;
  return (
    <>
      <h2 className="h5 mt-3">{m.day.others}</h2>
      <ul>
        {others.map((b) => (
          <li key={b.id}>
            {b.startTime} · {m.common.status[b.status]} ·{' '}
            <button type="button" className="btn btn-link p-0 align-baseline" onClick={() => onOpen(b.id)}>
              {m.day.open(b.people.map((p) => `${p.surname} ${p.givenNames}`).join(', '), b.code)}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
