import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  help?: string;
  error?: string;
}

/** The ids a control's aria-describedby names: its help, then its error. */
function useNotes(help: ReactNode | undefined, error: string | undefined) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  return { id, helpId, errId, describedBy: [helpId, errId].filter(Boolean).join(' ') || undefined };
}

/**
 * A labelled input whose help and error are announced with it (WCAG 1.3.1, 3.3.1), in
 * bootstrap-italia's form group: the label `active`, so it stays above the field, never over it.
 * The type defaults to text: bootstrap-italia draws the field's line only for an input with a type.
 */
export function Field({ label, help, error, className, type = 'text', ...input }: FieldProps) {
  const { id, helpId, errId, describedBy } = useNotes(help, error);
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        type={type}
        className={`form-control${error ? ' is-invalid' : ''}${className ? ' ' + className : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <FieldNotes help={help} helpId={helpId} error={error} errId={errId} />
    </div>
  );
}

/** The choices of a select: a map value → label, pairs, or objects. */
export type SelectOptions = Record<string, string> | [string, string][] | { value: string; label: string }[];

const optionPairs = (o: SelectOptions): [string, string][] =>
  Array.isArray(o) ? o.map((x) => (Array.isArray(x) ? x : [x.value, x.label])) : Object.entries(o);

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  options: SelectOptions;
  help?: ReactNode;
  error?: string;
  /** A first, empty choice ("— scegliere —"). */
  placeholder?: string;
}

/**
 * A labelled select in bootstrap-italia's `.select-wrapper` (its label above, one arrow: the
 * browser's own), with help and error announced like Field.
 */
export function SelectField({ label, options, help, error, placeholder, className, children, ...select }: SelectFieldProps) {
  const { id, helpId, errId, describedBy } = useNotes(help, error);
  return (
    <div className="form-group">
      <div className="select-wrapper">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          className={`${error ? 'is-invalid' : ''}${className ? ' ' + className : ''}`.trim() || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {optionPairs(options).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
          {children}
        </select>
      </div>
      <FieldNotes help={help} helpId={helpId} error={error} errId={errId} />
    </div>
  );
}

/** The help text and the error under a control, with the ids its aria-describedby names. */
export function FieldNotes({ help, helpId, error, errId }: { help?: ReactNode; helpId?: string; error?: string; errId?: string }) {
  return (
    <>
      {help && (
        <small id={helpId} className="form-text d-block">
          {help}
        </small>
      )}
      {error && (
        <div id={errId} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/**
 * A checkbox in bootstrap-italia's check markup (a bare input, then its label, in `.form-check`):
 * the label draws the box; the real input, transparent, lies over that box (styles/app.css), so a
 * pointer on the box checks the input itself and Space toggles it.
 */
export function CheckField({
  label,
  checked,
  onChange,
  error,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(v: boolean): void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="form-check mb-2">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {error && (
        <div id={`${id}-err`} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
