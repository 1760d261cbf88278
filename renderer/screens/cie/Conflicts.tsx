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
import { Radios, SelectField } from './controls';
import { useAgendaSyncKey, useStations } from './hooks';
import { longDate, useCie } from './store';

type Item = OutputOf<'cie.conflicts.list'>[number];
type ToldHow = 'phone' | 'email' | 'sms' | 'in_person' | 'not_reached';

export function ConflictsScreen() {
  const m = cieText.conflicts;
  const [open, setOpen] = useState<Item[]>([]);
  const [resolved, setResolved] = useState<Item[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const syncKey = useAgendaSyncKey();

  const reload = async () => {
    setOpen(await call('cie.conflicts.list', { status: 'open' }));
    setResolved(await call('cie.conflicts.list', { status: 'resolved' }));
  };
  useEffect(() => void reload().catch(() => undefined), [syncKey]);

  async function pull() {
    const r = await run(() => call('cie.pullNow', {}));
    if (r) setDone(r.reached ? cieText.common.pulled(r.applied, r.conflicts) : cieText.common.notReached);
    await reload();
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <button type="button" className="btn btn-outline-primary mb-3" disabled={busy} onClick={pull}>
        {cieText.common.refreshOnline}
      </button>
      {open.length === 0 && <p data-testid="conflicts-empty">{m.none}</p>}
      {open.map((item) => (
        <ConflictCard
          key={item.conflict.id}
          item={item}
          onDone={async (msg) => {
            confirmNow(() => setDone(msg));
            await reload();
          }}
        />
      ))}
      {resolved.length > 0 && (
        <>
          <h2 className="h4 mt-4">{m.resolvedTitle}</h2>
          <table className="table table-sm">
            <thead>
              <tr>
                <th scope="col">{m.colBooking}</th>
                <th scope="col">{m.colOutcome}</th>
                <th scope="col">{m.colTold}</th>
              </tr>
            </thead>
            <tbody>
              {resolved.map(({ conflict: c, booking: b }) => (
                <tr key={c.id}>
                  <th scope="row">{b.code}</th>
                  <td>
                    {m.outcome[c.outcome ?? ''] ?? ''}
                    {c.newDate ? `: ${longDate(c.newDate)} ${c.newStartTime}` : ''}
                  </td>
                  <td>
                    {c.toldWhom} · {m.toldHowOptions[c.toldHow ?? ''] ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ConflictCard({ item, onDone }: { item: Item; onDone(msg: string): void }) {
  const m = cieText.conflicts;
  const { conflict: c, booking: b } = item;
  const stations = useStations();
  const openView = useCie((s) => s.open);
  const go = useNav((s) => s.go);
  const [proposals, setProposals] = useState<OutputOf<'cie.conflicts.propose'> | null>(null);
  const [choice, setChoice] = useState<string | undefined>();
  const [toldWhom, setToldWhom] = useState('');
  const [toldHow, setToldHow] = useState<ToldHow>('phone');
  const [note, setNote] = useState('');
  const { busy, error, run, fieldError } = useAction();
  const names = b.people.map((p) => `${p.surname} ${p.givenNames}`).join(', ');
  const headingId = `conflict-${c.id}`;
  const stationName = (id: string) => stations?.find((s) => s.id === id)?.name ?? '';

  useEffect(() => {
    call('cie.conflicts.propose', { id: c.id })
      .then((p) => {
        setProposals(p);
        setChoice(p[0] ? key(p[0]) : undefined);
      })
      .catch(() => setProposals([]));
  }, [c.id]);

  const key = (p: { stationId: string; date: string; startTime: string }) => `${p.stationId}|${p.date}|${p.startTime}`;
  const chosen = proposals?.find((p) => key(p) === choice);

  async function resolve(outcome: 'moved' | 'cancelled') {
    const r = await run(() =>
      call('cie.conflicts.resolve', {
        id: c.id,
        outcome,
        toldWhom,
        toldHow,
        note: note || null,
        ...(outcome === 'moved' && chosen ? { stationId: chosen.stationId, date: chosen.date, startTime: chosen.startTime } : {}),
      }),
    );
    if (r) onDone(outcome === 'moved' ? m.moved(b.code, longDate(r.booking.date), r.booking.startTime) : m.cancelled(b.code));
  }

  return (
    <article className="card card-bg mb-3" aria-labelledby={headingId} data-testid="conflict-item">
      <div className="card-body">
        <h2 id={headingId} className="h5">
          {m.heading(b.code, names)}
        </h2>
        <p className="mb-1">{m.lost(longDate(c.date), c.startTime, item.stationName)}</p>
        <p>{m.contacts(b.contactPhone ?? '', b.contactEmail ?? '')}</p>
        {error && <Notice kind="error">{error.message}</Notice>}
        {proposals && proposals.length === 0 && <Notice kind="warning">{m.noProposals}</Notice>}
        {proposals && proposals.length > 0 && (
          <Radios
            legend={m.proposals}
            name={`p-${c.id}`}
            value={choice}
            onChange={setChoice}
            options={proposals.map((p) => ({ value: key(p), label: m.proposal(longDate(p.date), p.startTime, stationName(p.stationId)) }))}
            error={fieldError('startTime')}
          />
        )}
        <div className="row g-3">
          <div className="col-md-6">
            <Field
              label={m.toldWhom}
              help={m.toldWhomHelp}
              value={toldWhom}
              onChange={(e) => setToldWhom(e.target.value)}
              error={fieldError('toldWhom')}
            />
          </div>
          <div className="col-md-6">
            <SelectField
              label={m.toldHow}
              value={toldHow}
              onChange={(e) => setToldHow(e.target.value as ToldHow)}
              error={fieldError('toldHow')}
              options={(['phone', 'email', 'sms', 'in_person', 'not_reached'] as const).map((v) => ({
                value: v,
                label: m.toldHowOptions[v],
              }))}
            />
          </div>
        </div>
        <Field label={m.note} value={note} onChange={(e) => setNote(e.target.value)} error={fieldError('note')} />
        <div className="d-flex gap-2 flex-wrap">
          <button type="button" className="btn btn-primary" disabled={busy || !chosen} onClick={() => resolve('moved')}>
            {m.move}
          </button>
          <button type="button" className="btn btn-outline-danger" disabled={busy} onClick={() => resolve('cancelled')}>
            {m.cancel}
          </button>
          <button
            type="button"
            className="btn btn-outline-secondary"
            onClick={() => {
              openView({ kind: 'booking', id: b.id });
              go('cie-agenda', KEEP_VIEW);
            }}
          >
            {m.openBooking}
          </button>
        </div>
      </div>
    </article>
  );
}
