import { useEffect, useState } from 'react';
import { dateProblem, dateRangeProblem, formatDateIt, parseDateIt } from '../../electron/core/forms/dates';
import { t } from '../messages/it';
import { Field } from './Field';

interface DateFieldProps {
  label: string;
  /** ISO date (aaaa-mm-gg), '' when empty, or the clerk's text while it is not a date yet. */
  value: string;
  /** Called with the ISO date once the text is one, '' when emptied, else the text as typed (the back end names it). */
  onChange(e: { target: { value: string } }): void;
  error?: string;
  help?: string;
  min?: string;
  max?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  'data-testid'?: string;
}

/**
 * A date typed and shown gg/mm/aaaa whatever the browser's language (an `<input type="date">`
 * follows the browser's locale: mm/dd/yyyy in an English Chromium). A text box: 20/04/1984,
 * 20-04-1984, 20.04.1984 and 20041984 are read; a text that is not a date is named on leaving it,
 * a date before `min` or after `max` (ISO) at once (the back end checks the same bounds).
 * The format is said once, in the help under the box: a placeholder would repeat it and vanish as
 * the clerk types.
 */
export function DateField({ label, value, onChange, error, help, min, max, ...rest }: DateFieldProps) {
  const [text, setText] = useState(() => formatDateIt(value));
  const [left, setLeft] = useState(false);
  // A value set from outside (a card read, a computed due date) replaces the text.
  useEffect(() => {
    const p = parseDateIt(text);
    const current = p.ok ? p.iso : text.trim();
    if (value !== current) setText(formatDateIt(value));
  }, [value]);
  const parsed = parseDateIt(text);
  // A whole date outside min/max is named at once; a text that is not a date, on leaving the box.
  // What the box says now comes before an earlier refusal of the back end.
  const local = parsed.ok
    ? dateRangeProblem(parsed.iso, min, max)
    : left && parsed.reason !== 'empty'
      ? dateProblem(parsed.reason)
      : undefined;
  return (
    <Field
      {...rest}
      label={label}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      data-format={t.forms.dateHint}
      maxLength={10}
      value={text}
      help={help ? `${help} (${t.forms.dateHint})` : t.forms.dateHint}
      error={local ?? error}
      onBlur={() => setLeft(true)}
      onChange={(e) => {
        const v = e.target.value;
        setText(v);
        setLeft(false);
        const p = parseDateIt(v);
        onChange({ target: { value: p.ok ? p.iso : v.trim() } });
      }}
    />
  );
}
