import { useEffect, useId, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { ApiError, call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { Check, Section, SelectField } from './controls';
import { formatAmountInput, parseAmountIt } from '../../../electron/core/forms/amounts';
import { longDate } from './store';
import { DateField } from '../../components/DateField';
import { TimeField } from '../../components/TimeField';

type Config = OutputOf<'cie.config.get'>;
type Station = Config['stations'][number];

/** The responsabile's CIE settings: rules, stations with their opening hours, closures. */
export function SettingsScreen() {
  const m = cieText.settings;
  const [config, setConfig] = useState<Config | null>(null);
  const reload = () =>
    call('cie.config.get', {})
      .then(setConfig)
      .catch(() => undefined);
  useEffect(() => void reload(), []);
  if (!config)
    return (
      <section>
        <ScreenTitle>{m.title}</ScreenTitle>
      </section>
    );
  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <GeneralForm config={config} />
      <h2 className="h4 mt-4">{m.stations}</h2>
      {config.stations.map((s) => (
        <StationCard key={s.id} station={s} codes={config.hubStationCodes} onSaved={reload} />
      ))}
      <NewStation codes={config.hubStationCodes} onCreated={reload} />
      <Closures config={config} onChanged={reload} />
    </section>
  );
}

/** What the last save said: done, or the clerk-facing error. */
function Outcome({ done, error }: { done?: string | null; error: ApiError | null }) {
  return (
    <>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
    </>
  );
}

/** A form's submit handler that runs an action instead of reloading the page. */
const submitting = (action: () => Promise<void>) => (e: FormEvent) => {
  e.preventDefault();
  void action();
};

function GeneralForm({ config }: { config: Config }) {
  const m = cieText.settings;
  const [days, setDays] = useState(String(config.settings.confirmationDays));
  const [fee, setFee] = useState(formatAmountInput(config.settings.feeCents));
  const [dup, setDup] = useState(formatAmountInput(config.settings.duplicateFeeCents));
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  async function save() {
    const r = await run(() => {
      const a = parseAmountIt(fee, { allowZero: true });
      const b = parseAmountIt(dup, { allowZero: true });
      if (!a.ok) throw new ApiError({ code: 'CIE_FEE_FORMAT', message: a.message, field: 'feeCents' });
      if (!b.ok) throw new ApiError({ code: 'CIE_FEE_FORMAT', message: b.message, field: 'duplicateFeeCents' });
      return call('cie.settings.update', { confirmationDays: Number(days), feeCents: a.cents, duplicateFeeCents: b.cents });
    });
    if (r) setDone(m.saved);
  }
  return (
    <Section title={m.general}>
      <Outcome done={done} error={error} />
      <form noValidate onSubmit={submitting(save)}>
        <Field
          label={m.confirmationDays}
          help={m.confirmationHelp}
          type="number"
          min={0}
          max={60}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fieldError('confirmationDays')}
        />
        <div className="row g-3">
          <div className="col-md-6">
            <Field label={m.fee} inputMode="decimal" value={fee} onChange={(e) => setFee(e.target.value)} error={fieldError('feeCents')} />
          </div>
          <div className="col-md-6">
            <Field
              label={m.duplicateFee}
              inputMode="decimal"
              value={dup}
              onChange={(e) => setDup(e.target.value)}
              error={fieldError('duplicateFeeCents')}
            />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {cieText.common.save}
        </button>
      </form>
    </Section>
  );
}

interface StationForm {
  name: string;
  place: string;
  code: string;
  slotMinutes: string;
  quota: string;
}

function StationFields({
  v,
  set,
  fieldError,
  codes,
}: {
  codes: string[];
  v: StationForm;
  set(p: Partial<StationForm>): void;
  fieldError(f: string): string | undefined;
}) {
  const m = cieText.settings;
  const listId = useId();
  return (
    <div className="row g-3">
      <div className="col-md-6">
        <Field label={m.stationName} value={v.name} onChange={(e) => set({ name: e.target.value })} error={fieldError('name')} />
      </div>
      <div className="col-md-6">
        <Field label={m.place} value={v.place} onChange={(e) => set({ place: e.target.value })} error={fieldError('place')} />
      </div>
      <div className="col-12">
        <Field
          label={m.stationCode}
          help={m.stationCodeHelp}
          value={v.code}
          list={codes.length ? `${listId}-codes` : undefined}
          onChange={(e) => set({ code: e.target.value })}
          error={fieldError('remoteId')}
        />
        {codes.length > 0 && (
          <datalist id={`${listId}-codes`}>
            {codes.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        )}
      </div>
      <div className="col-md-6">
        <Field
          label={m.slotMinutes}
          type="number"
          min={5}
          max={120}
          value={v.slotMinutes}
          onChange={(e) => set({ slotMinutes: e.target.value })}
          error={fieldError('slotMinutes')}
        />
      </div>
      <div className="col-md-6">
        <Field
          label={m.quota}
          type="number"
          min={0}
          max={100}
          value={v.quota}
          onChange={(e) => set({ quota: e.target.value })}
          error={fieldError('onlineQuotaPercent')}
        />
      </div>
    </div>
  );
}

function StationCard({ station, codes, onSaved }: { station: Station; codes: string[]; onSaved(): void }) {
  const m = cieText.settings;
  const [v, setV] = useState({
    name: station.name,
    place: station.place,
    // A station created without the Comune's code carries its own id: shown as no code.
    code: station.remoteId === station.id ? '' : station.remoteId,
    slotMinutes: String(station.slotMinutes),
    quota: String(station.onlineQuotaPercent),
  });
  const [active, setActive] = useState(station.active);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  async function save() {
    const r = await run(() =>
      call('cie.stations.update', {
        id: station.id,
        name: v.name,
        place: v.place,
        remoteId: v.code.trim() || null,
        slotMinutes: Number(v.slotMinutes),
        onlineQuotaPercent: Number(v.quota),
        active,
      }),
    );
    if (r) {
      setDone(m.stationSaved);
      onSaved();
    }
  }
  return (
    <Section title={station.name}>
      <Outcome done={done} error={error} />
      <form noValidate onSubmit={submitting(save)}>
        <StationFields v={v} codes={codes} set={(p) => setV({ ...v, ...p })} fieldError={fieldError} />
        <Check label={m.active} checked={active} onChange={setActive} />
        <button type="submit" className="btn btn-primary mb-3" disabled={busy}>
          {m.saveStation}
        </button>
      </form>
      <HoursEditor station={station} onSaved={onSaved} />
    </Section>
  );
}

type Row = { ms: string; me: string; as: string; ae: string };

function HoursEditor({ station, onSaved }: { station: Station; onSaved(): void }) {
  const m = cieText.settings;
  const days = cieText.common.weekdays;
  const [rows, setRows] = useState<Row[]>(() =>
    [1, 2, 3, 4, 5, 6, 7].map((wd) => {
      const r = station.hours.filter((h) => h.weekday === wd);
      return { ms: r[0]?.start ?? '', me: r[0]?.end ?? '', as: r[1]?.start ?? '', ae: r[1]?.end ?? '' };
    }),
  );
  const [done, setDone] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const set = (i: number, p: Partial<Row>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...p } : r)));

  async function save() {
    setLocal(null);
    const ranges: { weekday: number; start: string; end: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const r = rows[i];
      for (const [s, e] of [
        [r.ms, r.me],
        [r.as, r.ae],
      ]) {
        if (!s && !e) continue;
        if (!s || !e) {
          setLocal(m.hoursIncomplete(days[i + 1]));
          return;
        }
        ranges.push({ weekday: i + 1, start: s, end: e });
      }
    }
    if (await run(() => call('cie.hours.set', { stationId: station.id, ranges }))) {
      setDone(m.hoursSaved);
      onSaved();
    }
  }

  const input = (i: number, k: keyof Row, label: string) => (
    <TimeField inline label={label} value={rows[i][k]} onChange={(e) => set(i, { [k]: e.target.value })} />
  );
  return (
    <form noValidate onSubmit={submitting(save)} data-testid={`hours-${station.id}`}>
      <h3 className="h6">{m.hours(station.name)}</h3>
      <p className="small">{m.hoursHelp}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {(local || error) && <Notice kind="error">{local ?? error?.message}</Notice>}
      <table className="table table-sm align-middle">
        <thead>
          <tr>
            <th scope="col">{m.colDay}</th>
            <th scope="col" colSpan={2}>
              {m.colMorning}
            </th>
            <th scope="col" colSpan={2}>
              {m.colAfternoon}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((_, i) => {
            const d = days[i + 1];
            return (
              <tr key={i}>
                <th scope="row">{d}</th>
                <td>{input(i, 'ms', m.morningFrom(d))}</td>
                <td>{input(i, 'me', m.morningTo(d))}</td>
                <td>{input(i, 'as', m.afternoonFrom(d))}</td>
                <td>{input(i, 'ae', m.afternoonTo(d))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {m.saveHours}
      </button>
    </form>
  );
}

function NewStation({ codes, onCreated }: { codes: string[]; onCreated(): void }) {
  const m = cieText.settings;
  const empty: StationForm = { name: '', place: '', code: '', slotMinutes: '20', quota: '50' };
  const [v, setV] = useState(empty);
  const { busy, error, run, fieldError } = useAction();
  async function create() {
    const r = await run(() =>
      call('cie.stations.create', {
        name: v.name,
        place: v.place,
        remoteId: v.code.trim() || null,
        slotMinutes: Number(v.slotMinutes),
        onlineQuotaPercent: Number(v.quota),
      }),
    );
    if (r) {
      setV(empty);
      onCreated();
    }
  }
  return (
    <Section title={m.newStation}>
      <Outcome error={error} />
      <form noValidate onSubmit={submitting(create)}>
        <StationFields v={v} codes={codes} set={(p) => setV({ ...v, ...p })} fieldError={fieldError} />
        <button type="submit" className="btn btn-outline-primary" disabled={busy}>
          {m.createStation}
        </button>
      </form>
    </Section>
  );
}

function Closures({ config, onChanged }: { config: Config; onChanged(): void }) {
  const m = cieText.settings;
  const [stationId, setStationId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [fromTime, setFromTime] = useState('');
  const [toTime, setToTime] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const stationName = (id: string | null) => (id ? (config.stations.find((s) => s.id === id)?.name ?? '') : m.allStations);

  async function add() {
    const r = await run(() =>
      call('cie.closures.add', {
        stationId: stationId || null,
        dateFrom: from,
        dateTo: to || undefined,
        fromTime: fromTime || null,
        toTime: toTime || null,
        reason,
      }),
    );
    if (r) {
      setDone(m.closureAdded(r.affected.length));
      setReason('');
      onChanged();
    }
  }
  async function remove(id: string) {
    if (await run(() => call('cie.closures.remove', { id }))) onChanged();
  }
  return (
    <Section title={m.closures}>
      <Outcome done={done} error={error} />
      {config.closures.length === 0 ? (
        <p>{m.noClosures}</p>
      ) : (
        <ul>
          {config.closures.map((c) => (
            <li key={c.id} className="mb-1">
              {m.closureLine(
                longDate(c.dateFrom),
                longDate(c.dateTo),
                c.fromTime ? `${c.fromTime}–${c.toTime}` : '',
                stationName(c.stationId),
                c.reason,
              )}{' '}
              <button type="button" className="btn btn-outline-danger btn-sm ms-2" onClick={() => remove(c.id)}>
                {m.removeClosure(longDate(c.dateFrom))}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={submitting(add)}>
        <div className="row g-3">
          <div className="col-md-4">
            <SelectField
              label={m.closureStation}
              value={stationId}
              onChange={(e) => setStationId(e.target.value)}
              options={[{ value: '', label: m.allStations }, ...config.stations.map((s) => ({ value: s.id, label: s.name }))]}
            />
          </div>
          <div className="col-md-4">
            <DateField label={m.closureFrom} value={from} onChange={(e) => setFrom(e.target.value)} error={fieldError('dateFrom')} />
          </div>
          <div className="col-md-4">
            <DateField label={m.closureTo} value={to} onChange={(e) => setTo(e.target.value)} error={fieldError('dateTo')} />
          </div>
          <div className="col-md-3">
            <TimeField
              label={m.closureFromTime}
              value={fromTime}
              onChange={(e) => setFromTime(e.target.value)}
              error={fieldError('fromTime')}
            />
          </div>
          <div className="col-md-3">
            <TimeField label={m.closureToTime} value={toTime} onChange={(e) => setToTime(e.target.value)} error={fieldError('toTime')} />
          </div>
          <div className="col-md-6">
            <Field label={m.closureReason} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError('reason')} />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.addClosure}
        </button>
      </form>
    </Section>
  );
}
