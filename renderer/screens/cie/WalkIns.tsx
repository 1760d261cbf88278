import { useEffect, useState } from 'react';
import { confirmNow } from '../../components/confirmNow';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { useNav } from '../../stores/nav';
import { KEEP_VIEW } from './Agenda';
import { emptyPerson, PersonFieldset, personInput, useFreeStarts, type PersonDraft } from './BookingForm';
import { SelectField, StartTimeSelect } from './controls';
import { useHubTick, useStations } from './hooks';
import { useCie } from './store';
import { romeDate } from '../../../electron/core/rome-time';

type WalkIn = OutputOf<'cie.walkins.list'>[number];

export function WalkInsScreen() {
  const m = cieText.walkIns;
  const [list, setList] = useState<WalkIn[]>([]);
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [serving, setServing] = useState<WalkIn | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const reload = () =>
    call('cie.walkins.list', {})
      .then(setList)
      .catch(() => undefined);
  const hubTick = useHubTick();
  const withCounters = list.some((w) => w.counter !== null);
  // Re-read at each hub tick: another counter called or served a number.
  useEffect(() => void reload(), [hubTick]);

  async function add() {
    const w = await run(() => call('cie.walkins.add', { name, reason: reason || null }));
    if (w) {
      confirmNow(() => {
        setDone(m.added(w.label));
        setName('');
        setReason('');
      });
      await reload();
    }
  }
  async function callNext() {
    const w = await run(() => call('cie.walkins.callNext', {}));
    if (w !== undefined) {
      setDone(w ? m.called(w.label, w.name) : m.nobody);
      await reload();
    }
  }
  async function left(w: WalkIn) {
    if (await run(() => call('cie.walkins.left', { id: w.id }))) await reload();
  }

  if (serving)
    return (
      <ServeWalkIn
        walkIn={serving}
        onBack={() => {
          setServing(null);
          void reload();
        }}
      />
    );
  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <form
        className="row g-3 align-items-end"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div className="col-md-5">
          <Field label={m.name} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} autoComplete="off" />
        </div>
        <div className="col-md-4">
          <Field label={m.reason} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="col-md-3 mb-3">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {m.add}
          </button>
        </div>
      </form>
      <button type="button" className="btn btn-outline-primary mb-3" disabled={busy} onClick={callNext}>
        {m.callNext}
      </button>
      {list.length > 0 && (
        <table className="table table-sm align-middle">
          <caption className="caption-top">{m.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colNumber}</th>
              {withCounters && <th scope="col">{m.colCounter}</th>}
              <th scope="col">{m.colName}</th>
              <th scope="col">{m.colStatus}</th>
              <th scope="col">{m.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.label}</th>
                {withCounters && <td>{w.counter !== null ? m.counter(w.counter) : ''}</td>}
                <td>
                  {w.foreign ? <span className="text-muted">{m.otherCounter}</span> : w.name}
                  {w.reason ? ` · ${w.reason}` : ''}
                </td>
                <td>{m.status[w.status]}</td>
                <td className="d-flex gap-2 flex-wrap">
                  {(w.status === 'waiting' || w.status === 'called') && (
                    <>
                      <button type="button" className="btn btn-primary btn-sm" onClick={() => setServing(w)}>
                        {m.serve(w.label)}
                      </button>
                      <button type="button" className="btn btn-outline-secondary btn-sm" disabled={busy} onClick={() => left(w)}>
                        {m.left(w.label)}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ServeWalkIn({ walkIn, onBack }: { walkIn: WalkIn; onBack(): void }) {
  const m = cieText;
  const stations = useStations();
  const { stationId, setStation, open } = useCie();
  const go = useNav((s) => s.go);
  const [people, setPeople] = useState<PersonDraft[]>(() => {
    const [first, ...rest] = walkIn.name.trim().split(/\s+/);
    return [{ ...emptyPerson(), givenNames: first ?? '', surname: rest.join(' ') }];
  });
  const [time, setTime] = useState('');
  const [phone, setPhone] = useState('');
  const starts = useFreeStarts(stationId, romeDate(), people.length);
  const { busy, error, run, fieldError } = useAction();
  useEffect(() => {
    if (starts && starts.length > 0 && !starts.includes(time)) setTime(starts[0]);
  }, [starts]); // eslint-disable-line react-hooks/exhaustive-deps

  async function serve() {
    if (!stationId) return;
    const served = await run(() =>
      call('cie.walkins.serve', {
        id: walkIn.id,
        stationId,
        startTime: time,
        people: people.map(personInput),
        contactPhone: phone || null,
      }),
    );
    if (served) {
      confirmNow(() => {
        open({ kind: 'checklist', bookingId: served.booking.id, personIdx: 0, shown: served.checklist });
        go('cie-agenda', KEEP_VIEW);
      });
    }
  }

  return (
    <section>
      <ScreenTitle>{m.walkIns.serveTitle(walkIn.label)}</ScreenTitle>
      <button type="button" className="btn btn-outline-secondary btn-sm mb-3" onClick={onBack}>
        {m.common.cancel}
      </button>
      {error && <Notice kind="error">{error.message}</Notice>}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void serve();
        }}
      >
        <div className="row g-3">
          <div className="col-md-6">
            <SelectField
              label={m.common.station}
              value={stationId ?? ''}
              onChange={(e) => setStation(e.target.value)}
              options={(stations ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
            />
          </div>
          <div className="col-md-6">
            <StartTimeSelect starts={starts} none={m.walkIns.noSlot} value={time} onChange={setTime} error={fieldError('startTime')} />
          </div>
        </div>
        {people.map((p, i) => (
          <PersonFieldset
            key={i}
            index={i}
            person={p}
            fieldError={fieldError}
            onChange={(patch) => setPeople((all) => all.map((x, k) => (k === i ? { ...x, ...patch } : x)))}
          />
        ))}
        <Field
          label={m.book.phoneLabel}
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={fieldError('contactPhone')}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || !time}>
          {m.walkIns.serveSubmit}
        </button>
      </form>
    </section>
  );
}
