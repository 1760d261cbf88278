import { useEffect, useState } from 'react';
import { confirmNow } from '../../components/confirmNow';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ReadCieButton } from '../../components/ReadCie';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { Check, Radios, SelectField } from './controls';
import { useStations } from './hooks';
import { useCie } from './store';
import { DateField } from '../../components/DateField';
import { formatDateIt } from '../../../electron/core/forms/dates';
import { FormErrorSummary, summaryItems } from '../../components/FormErrorSummary';

type Hit = OutputOf<'cie.registry.search'>[number];

export interface PersonDraft {
  personId: string | null;
  surname: string;
  givenNames: string;
  codiceFiscale: string;
  birthDate: string;
}

export const emptyPerson = (): PersonDraft => ({ personId: null, surname: '', givenNames: '', codiceFiscale: '', birthDate: '' });

export const personInput = (p: PersonDraft) => ({
  personId: p.personId,
  surname: p.surname,
  givenNames: p.givenNames,
  codiceFiscale: p.codiceFiscale.trim() || null,
  birthDate: p.birthDate || null,
});

const MAX_PEOPLE = 5;

/** The free start times of a day for `people` persons, reloaded when any input changes. */
export function useFreeStarts(stationId: string | null, date: string, people: number, ownBookingId?: string): string[] | null {
  const [starts, setStarts] = useState<string[] | null>(null);
  useEffect(() => {
    if (!stationId || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setStarts([]);
      return;
    }
    let live = true;
    setStarts(null);
    call('cie.freeStarts', { stationId, date, people, ownBookingId })
      .then((r) => {
        if (live) setStarts(r.starts);
      })
      .catch(() => live && setStarts([]));
    return () => {
      live = false;
    };
  }, [stationId, date, people, ownBookingId]);
  return starts;
}

export function BookingForm({ initialTime }: { initialTime?: string }) {
  const m = cieText;
  const { stationId, date, setStation, setDate, open } = useCie();
  const stations = useStations();
  const [channel, setChannel] = useState<'counter' | 'phone'>('counter');
  const [people, setPeople] = useState<PersonDraft[]>([emptyPerson()]);
  const [time, setTime] = useState(initialTime ?? '');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [override, setOverride] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const starts = useFreeStarts(stationId, date, people.length);

  useEffect(() => {
    if (starts && starts.length > 0 && !starts.includes(time)) setTime(starts[0]);
  }, [starts]); // eslint-disable-line react-hooks/exhaustive-deps

  const setPerson = (i: number, p: Partial<PersonDraft>) => setPeople((all) => all.map((x, k) => (k === i ? { ...x, ...p } : x)));

  async function submit() {
    if (!stationId) return;
    const b = await run(() =>
      call('cie.book', {
        stationId,
        date,
        startTime: time,
        channel,
        people: people.map(personInput),
        contactPhone: phone || null,
        contactEmail: email || null,
        overrideQuota: override || undefined,
      }),
    );
    if (b) confirmNow(() => open({ kind: 'booking', id: b.booking.id, shown: b }, m.book.done(b.booking.code)));
  }

  const quotaFull = error?.code === 'CIE_QUOTA_FULL' || override;
  return (
    <section>
      <ScreenTitle>{m.book.title}</ScreenTitle>
      <button type="button" className="btn btn-outline-secondary btn-sm mb-3" onClick={() => open({ kind: 'day' })}>
        {m.common.back}
      </button>
      <FormErrorSummary items={summaryItems(error)} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row g-3">
          <div className="col-md-4">
            <SelectField
              label={m.common.station}
              value={stationId ?? ''}
              onChange={(e) => setStation(e.target.value)}
              options={(stations ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
              error={fieldError('stationId')}
            />
          </div>
          <div className="col-md-4">
            <DateField label={m.common.date} value={date} onChange={(e) => setDate(e.target.value)} error={fieldError('date')} />
          </div>
          <div className="col-md-4">
            {starts && starts.length === 0 ? (
              <Notice kind="warning">{m.book.noTimes}</Notice>
            ) : (
              <SelectField
                label={m.book.time}
                value={time}
                onChange={(e) => setTime(e.target.value)}
                help={m.book.timeHelp(people.length)}
                error={fieldError('startTime')}
                options={(starts ?? (time ? [time] : [])).map((t) => ({ value: t, label: t }))}
              />
            )}
          </div>
        </div>
        <Radios<'counter' | 'phone'>
          legend={m.book.channel}
          name="channel"
          value={channel}
          onChange={setChannel}
          options={[
            { value: 'counter', label: m.book.counter },
            { value: 'phone', label: m.book.phone },
          ]}
        />

        {people.map((p, i) => (
          <PersonFieldset
            key={i}
            index={i}
            person={p}
            onChange={(patch) => setPerson(i, patch)}
            fieldError={fieldError}
            onRemove={people.length > 1 ? () => setPeople((all) => all.filter((_, k) => k !== i)) : undefined}
          />
        ))}
        {people.length < MAX_PEOPLE ? (
          <button type="button" className="btn btn-outline-primary btn-sm mb-3" onClick={() => setPeople((all) => [...all, emptyPerson()])}>
            {m.book.addPerson}
          </button>
        ) : (
          <p className="small">{m.book.maxPeople}</p>
        )}

        <fieldset className="mb-3">
          <legend className="h5">{m.book.contact}</legend>
          <p className="small">{m.book.contactHelp}</p>
          <div className="row g-3">
            <div className="col-md-6">
              <Field
                label={m.book.phoneLabel}
                type="tel"
                autoComplete="off"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                error={fieldError('contactPhone')}
              />
            </div>
            <div className="col-md-6">
              <Field
                label={m.book.email}
                type="email"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={fieldError('contactEmail')}
              />
            </div>
          </div>
        </fieldset>
        {quotaFull && <Check label={m.book.overrideQuota} checked={override} onChange={setOverride} />}
        <button type="submit" className="btn btn-primary" disabled={busy || !time}>
          {m.book.submit}
        </button>
      </form>
    </section>
  );
}

export function PersonFieldset({
  index,
  person,
  onChange,
  onRemove,
  fieldError,
  prefix = 'people',
}: {
  index: number;
  person: PersonDraft;
  onChange(p: Partial<PersonDraft>): void;
  onRemove?: () => void;
  fieldError(f: string): string | undefined;
  prefix?: string;
}) {
  const m = cieText;
  const f = (name: string) => fieldError(`${prefix}.${index}.${name}`);
  return (
    <fieldset className="border rounded p-3 mb-3" data-testid={`person-${index}`}>
      <legend className="h5 float-none w-auto px-2">{m.book.person(index + 1)}</legend>
      <RegistrySearch
        onPick={(h) =>
          onChange({
            personId: h.id,
            surname: h.cognome ?? '',
            givenNames: h.nome ?? '',
            codiceFiscale: h.codiceFiscale ?? '',
            birthDate: h.dataNascita ?? '',
          })
        }
      />
      <ReadCieButton
        label={m.book.readCie}
        onRead={(p) =>
          onChange({
            personId: null,
            surname: p.cognome,
            givenNames: p.nome,
            codiceFiscale: p.codiceFiscale ?? '',
            birthDate: p.dataNascita,
          })
        }
      />
      {person.personId && (
        <p className="small text-success" role="status">
          {m.book.fromRegistry}
        </p>
      )}
      <div className="row g-3">
        <div className="col-md-6">
          <Field
            label={m.book.surname}
            value={person.surname}
            onChange={(e) => onChange({ surname: e.target.value, personId: null })}
            error={f('surname')}
            autoComplete="off"
          />
        </div>
        <div className="col-md-6">
          <Field
            label={m.book.givenNames}
            value={person.givenNames}
            onChange={(e) => onChange({ givenNames: e.target.value, personId: null })}
            error={f('givenNames')}
            autoComplete="off"
          />
        </div>
        <div className="col-md-6">
          <Field
            label={m.book.codiceFiscale}
            value={person.codiceFiscale}
            onChange={(e) => onChange({ codiceFiscale: e.target.value.toUpperCase() })}
            error={f('codiceFiscale')}
            autoComplete="off"
            maxLength={16}
          />
        </div>
        <div className="col-md-6">
          <DateField
            label={m.book.birthDate}
            value={person.birthDate}
            onChange={(e) => onChange({ birthDate: e.target.value })}
            error={f('birthDate')}
          />
        </div>
      </div>
      {onRemove && (
        <button type="button" className="btn btn-outline-danger btn-sm" onClick={onRemove}>
          {m.book.remove(index + 1)}
        </button>
      )}
    </fieldset>
  );
}

function RegistrySearch({ onPick }: { onPick(h: Hit): void }) {
  const m = cieText;
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      call('cie.registry.search', { query: q })
        .then((h) => {
          if (live) setHits(h);
        })
        .catch(() => live && setHits([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q]);
  return (
    <div className="mb-2">
      <Field
        label={m.book.search}
        help={m.book.searchHelp}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
        type="search"
      />
      <p className="visually-hidden" role="status">
        {hits === null ? '' : hits.length === 0 ? m.book.noHits : `${hits.length} persone trovate`}
      </p>
      {hits && hits.length === 0 && <p className="small">{m.book.noHits}</p>}
      {hits && hits.length > 0 && (
        <ul className="list-unstyled">
          {hits.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="btn btn-link p-0 text-start"
                onClick={() => {
                  onPick(h);
                  setHits(null);
                  setQ('');
                }}
              >
                {m.book.choose(
                  `${h.cognome ?? ''} ${h.nome ?? ''}`.trim(),
                  [formatDateIt(h.dataNascita), h.codiceFiscale].filter(Boolean).join(', '),
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
