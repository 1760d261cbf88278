import { useEffect, useId, useRef, useState } from 'react';
import { Field } from '../../components/Field';
import { anagrafeText as m } from '../../messages/anagrafe';
import { findPlaces, type Place } from './places';
import { DateField } from '../../components/DateField';
import { formatDateIt } from '../../../electron/core/forms/dates';

export { CheckField, SelectField } from '../../components/Field';

/** How a place reads in the field: "ROMA (RM)" for comuni, "FRANCIA" for states. */
export const placeLabel = (p: Pick<Place, 'kind' | 'name' | 'siglaProvincia'>) =>
  p.kind === 'comune' && p.siglaProvincia ? `${p.name} (${p.siglaProvincia})` : p.name;

export interface PlaceValue {
  text: string;
  /** ISTAT code of a foreign state, when the places table has none. */
  codiceStato: string;
}

export const emptyPlace = (text = ''): PlaceValue => ({ text, codiceStato: '' });

/**
 * A comune or foreign state typed with suggestions (a native datalist: keyboard and screen readers
 * handle it). The text is resolved to ANPR's place structure on submit (see resolvePlace).
 */
export function PlaceField({
  label,
  value,
  onChange,
  error,
  date,
  kind,
}: {
  label: string;
  value: PlaceValue;
  onChange(v: PlaceValue): void;
  error?: string;
  date?: string;
  kind?: 'comune' | 'stato';
}) {
  const listId = useId();
  const [options, setOptions] = useState<Place[]>([]);
  const lastText = useRef<string | null>(null);
  /** The text changed because the clerk typed in this field (not filled in from the card). */
  const typed = useRef(false);
  useEffect(() => {
    const prefix = value.text.replace(/\s*\(.*$/, '').trim();
    if (prefix.length < 2) return;
    // Typing waits for a pause; a new date or a text filled in for the clerk (from the card)
    // asks at once, so the answer is ready (remembered by findPlaces) when the form is saved.
    const typing = typed.current && lastText.current !== null && lastText.current !== value.text;
    typed.current = false;
    lastText.current = value.text;
    let live = true;
    const ask = () =>
      findPlaces({ prefix, kind, date }).then(
        (o) => live && setOptions(o),
        () => live && setOptions([]),
      );
    const timer = typing ? setTimeout(ask, 150) : undefined;
    if (!typing) ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value.text, date, kind]);
  const chosen = options.find((p) => placeLabel(p) === value.text.trim().toUpperCase());
  const needsStateCode = chosen?.kind === 'stato' && !chosen.codiceIstat;
  return (
    <>
      <Field
        label={label}
        value={value.text}
        list={listId}
        autoComplete="off"
        help={m.form.luogoHelp}
        error={error}
        onChange={(e) => {
          typed.current = true;
          onChange({ ...value, text: e.target.value });
        }}
      />
      <datalist id={listId}>
        {options.map((p) => (
          <option key={`${p.kind}-${p.name}-${p.siglaProvincia ?? ''}-${p.validFrom}`} value={placeLabel(p)} />
        ))}
      </datalist>
      {needsStateCode && (
        <Field
          label={m.form.codiceStato}
          value={value.codiceStato}
          inputMode="numeric"
          maxLength={3}
          onChange={(e) => onChange({ ...value, codiceStato: e.target.value })}
        />
      )}
    </>
  );
}

/** Every date on screen: gg/mm/aaaa (the app's one formatter). */
export const formatDate = formatDateIt;

/** The date the change takes effect, as every pratica asks for it. */
export function DecorrenzaField({ value, onChange, error }: { value: string; onChange(v: string): void; error?: string }) {
  return (
    <DateField
      label={m.form.decorrenza}
      value={value}
      help={m.form.decorrenzaHelp}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
