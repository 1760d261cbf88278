import { useId, useRef, useState, type ChangeEvent, type InputHTMLAttributes } from 'react';
import { FieldNotes } from './Field';

interface FileFieldProps extends Pick<InputHTMLAttributes<HTMLInputElement>, 'accept' | 'id'> {
  label: string;
  help?: string;
  error?: string;
  onChange(e: ChangeEvent<HTMLInputElement>): void;
}

/**
 * A file to choose, in Italian: the browser's own file input says "Choose File / No file chosen"
 * in the browser's language. The input stays (visually hidden, focusable: Tab reaches it, Space
 * or Enter opens the picker, and its focus ring is drawn on the button beside it); the button and
 * the chosen file's name are ours.
 */
export function FileField({ label, help, error, onChange, id: given, accept }: FileFieldProps) {
  const auto = useId();
  const id = given ?? auto;
  const ref = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState('');
  const helpId = help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  return (
    <div className="mb-3 file-field">
      <label htmlFor={id} className="form-label d-block">
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        type="file"
        className="visually-hidden"
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-chosen`, helpId, errId].filter(Boolean).join(' ')}
        onChange={(e) => {
          setChosen(e.target.files?.[0]?.name ?? '');
          onChange(e);
        }}
      />
      <div className="d-flex flex-wrap align-items-center gap-2">
        <span className="btn btn-outline-primary btn-sm file-field-button" aria-hidden="true" onClick={() => ref.current?.click()}>
          Scegli il file…
        </span>
        <span id={`${id}-chosen`} className="small">
          {chosen || 'Nessun file scelto'}
        </span>
      </div>
      <FieldNotes help={help} helpId={helpId} error={error} errId={errId} />
    </div>
  );
}
