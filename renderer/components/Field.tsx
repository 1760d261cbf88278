import { useId, type InputHTMLAttributes } from 'react';

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
      <label htmlFor={id} className="form-label active">{label}</label>
      <input
        id={id}
        className={`form-control${error ? ' is-invalid' : ''}${className ? ' ' + className : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[helpId, errId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {help && <small id={helpId} className="form-text">{help}</small>}
      {error && <div id={errId} className="invalid-feedback d-block" role="alert">{error}</div>}
    </div>
  );
}
