import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  help?: string;
  error?: string;
}

/** A labelled input whose help and error are announced with it (WCAG 1.3.1, 3.3.1). */
export function Field({ label, help, error, className, ...input }: FieldProps) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  return (
    <div className="form-group mb-3">
      <label htmlFor={id} className="form-label active">
        {label}
      </label>
      <input
        id={id}
        className={`form-control${error ? ' is-invalid' : ''}${className ? ' ' + className : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[helpId, errId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      <FieldNotes help={help} helpId={helpId} error={error} errId={errId} />
    </div>
  );
}

/** The help text and the error under a control, with the ids its aria-describedby names. */
export function FieldNotes({ help, helpId, error, errId }: { help?: ReactNode; helpId?: string; error?: string; errId?: string }) {
  return (
    <>
      {help && (
        <small id={helpId} className="form-text">
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

/** A bootstrap-italia checkbox (the real input stays focusable; Space toggles it). */
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
        className="form-check-input"
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <label className="form-check-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <div id={`${id}-err`} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
