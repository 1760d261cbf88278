import { useId, type ReactNode } from 'react';
import { SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { cieText } from '../../messages/cie';

export { SelectField };

/** The free start times of a day to choose from, or the warning that there is none. */
export function StartTimeSelect({
  starts,
  none,
  value,
  onChange,
  error,
}: {
  starts: string[] | null;
  none: string;
  value: string;
  onChange(v: string): void;
  error?: string;
}) {
  if (starts && starts.length === 0) return <Notice kind="warning">{none}</Notice>;
  return (
    <SelectField
      label={cieText.common.time}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      options={(starts ?? []).map((t) => ({ value: t, label: t }))}
    />
  );
}

/** A group of radio buttons with a legend (fieldset), keyboard-operable with the arrow keys. */
export function Radios<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  value: T | undefined;
  options: { value: NoInfer<T>; label: string }[];
  onChange(v: T): void;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className="mb-3" aria-describedby={error ? `${id}-err` : undefined}>
      <legend className="h6 fw-semibold">{legend}</legend>
      {options.map((o) => (
        <div className="form-check" key={o.value}>
          <input
            className="form-check-input"
            type="radio"
            name={`${id}-${name}`}
            id={`${id}-${o.value}`}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <label className="form-check-label" htmlFor={`${id}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
      {error && (
        <div id={`${id}-err`} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </fieldset>
  );
}

export { CheckField as Check } from '../../components/Field';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card card-bg mb-3 drawn-when-seen">
      <div className="card-body">
        <h2 className="h5 card-title">{title}</h2>
        {children}
      </div>
    </section>
  );
}
