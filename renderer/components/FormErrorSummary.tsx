import { useEffect, useId, useRef } from 'react';
import type { ApiError } from '../api';
import { t } from '../messages/it';

export interface SummaryItem {
  message: string;
}

/**
 * The form's refusal, every problem at once, at the top (GOV.UK / Designers Italia pattern): it
 * takes the focus when it appears, so a screen reader reads it first, and each entry moves the
 * focus to its field (the control whose error note carries the same message).
 */
export function FormErrorSummary({ items, intro }: { items: SummaryItem[]; intro?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const key = items.map((i) => i.message).join('\n');
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (items.length === 0) return null;
  const focusField = (message: string) => {
    const form = ref.current?.closest('section, main, body') ?? document.body;
    for (const el of form.querySelectorAll<HTMLElement>('[aria-describedby]')) {
      const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/);
      if (ids.some((id) => document.getElementById(id)?.textContent?.includes(message))) {
        el.focus();
        return;
      }
    }
  };
  return (
    <div ref={ref} className="alert alert-danger" role="alert" tabIndex={-1} aria-labelledby={titleId} data-testid="error-summary">
      <h2 id={titleId} className="h5">
        {intro ?? t.forms.summaryTitle(items.length)}
      </h2>
      <ul className="mb-0">
        {items.map((i) => (
          <li key={i.message}>
            <button type="button" className="btn btn-link p-0 text-start align-baseline" onClick={() => focusField(i.message)}>
              {i.message}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The summary's entries for a refusal: every issue, or the message alone. */
export function summaryItems(error: ApiError | null): SummaryItem[] {
  if (!error) return [];
  const seen = new Set<string>();
  const list = error.issues?.length ? error.issues.map((i) => i.message) : [error.message];
  return list.filter((m) => !seen.has(m) && seen.add(m)).map((message) => ({ message }));
}
