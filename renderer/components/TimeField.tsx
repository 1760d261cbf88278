import { useEffect, useState } from 'react';
import { formatTimeIt, parseTimeIt, timeProblem } from '../../electron/core/forms/times';
import { Field } from './Field';

interface TimeFieldProps {
  label: string;
  /** hh:mm, '' when empty, or the clerk's text while it is not a time yet. */
  value: string;
  /** Called with hh:mm once the text is a time, '' when emptied, else the text as typed (the back end names it). */
  onChange(e: { target: { value: string } }): void;
  error?: string;
  /** In a table whose headers say what the cell is: the label is read, not shown. */
  inline?: boolean;
}

/**
 * A time typed and shown hh:mm on 24 hours whatever the browser's language (an `<input
 * type="time">` shows 08:30 AM in an English Chromium). A text box: 8:30, 8.30 and 0830 are read;
 * a text that is not a time is named on leaving it.
 */
export function TimeField({ label, value, onChange, error, inline }: TimeFieldProps) {
  const [text, setText] = useState(() => formatTimeIt(value));
  const [left, setLeft] = useState(false);
  useEffect(() => {
    const p = parseTimeIt(text);
    const current = p.ok ? p.hhmm : text.trim();
    if (value !== current) setText(formatTimeIt(value));
  }, [value]);
  const parsed = parseTimeIt(text);
  const problem = error ?? (left && !parsed.ok && parsed.reason !== 'empty' ? timeProblem(parsed.reason) : undefined);
  const input = {
    type: 'text',
    inputMode: 'numeric' as const,
    autoComplete: 'off',
    placeholder: 'hh:mm',
    maxLength: 5,
    value: text,
    onBlur: () => setLeft(true),
    onChange: (e: { target: { value: string } }) => {
      const v = e.target.value;
      setText(v);
      setLeft(false);
      const p = parseTimeIt(v);
      onChange({ target: { value: p.ok ? p.hhmm : v.trim() } });
    },
  };
  if (!inline) return <Field {...input} label={label} error={problem} />;
  return (
    <input
      {...input}
      className={`form-control form-control-sm${problem ? ' is-invalid' : ''}`}
      aria-label={label}
      aria-invalid={problem ? true : undefined}
      title={problem}
      size={5}
    />
  );
}
