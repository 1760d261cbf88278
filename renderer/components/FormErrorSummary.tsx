import { useEffect, useId, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import type { ApiError } from '../api';
import { t } from '../messages/it';

export interface SummaryItem {
  /** The problem in full, naming its field ("Cognome della madre: manca…"). */
  message: string;
  /**
   * The note under the field it concerns (its text exactly), and which of the notes with that same
   * text it is, in the page's order (0 = the first): the entry links to that field's control.
   */
  note?: string;
  nth?: number;
}

/** The control a field's error note describes, found by the note's text and its place among equal notes. */
function controlFor(scope: ParentNode, note: string, nth: number): HTMLElement | null {
  const notes = [...scope.querySelectorAll<HTMLElement>('.invalid-feedback[id]')].filter((n) => n.textContent === note);
  const el = notes[nth];
  if (!el) return null;
  return scope.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(el.id)}"]`);
}

/**
 * The form's refusal, every problem at once, at the top (GOV.UK / Designers Italia pattern): it
 * takes the focus when it appears, so a screen reader reads it first, and each entry is a link to
 * its field (`#id` of the control) that moves the focus there. One entry per field at fault.
 */
export function FormErrorSummary({ items, intro }: { items: SummaryItem[]; intro?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [targets, setTargets] = useState<(string | null)[]>([]);
  const key = items.map((i) => `${i.message}\u0000${i.note ?? ''}\u0000${i.nth ?? 0}`).join('\n');
  const scope = () => ref.current?.closest('section, main, body') ?? document.body;
  useLayoutEffect(() => {
    setTargets(items.map((i) => (i.note ? (controlFor(scope(), i.note, i.nth ?? 0)?.id ?? null) : null)));
  }, [key]);
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (items.length === 0) return null;
  const go = (e: MouseEvent, i: SummaryItem) => {
    // The fragment is the session's (browser mode): move the focus without changing the address.
    e.preventDefault();
    const el = i.note ? controlFor(scope(), i.note, i.nth ?? 0) : null;
    const focusable = el?.matches('input, select, textarea, button') ? el : el?.querySelector<HTMLElement>('input, select, textarea');
    focusable?.focus();
    focusable?.scrollIntoView({ block: 'center' });
  };
  return (
    <div ref={ref} className="alert alert-danger" role="alert" tabIndex={-1} aria-labelledby={titleId} data-testid="error-summary">
      <h2 id={titleId} className="h5">
        {intro ?? t.forms.summaryTitle(items.length)}
      </h2>
      <ul className="mb-0">
        {items.map((i, k) => (
          <li key={`${i.message}\u0000${i.note ?? ''}\u0000${i.nth ?? 0}`}>
            {targets[k] ? (
              <a href={`#${targets[k]}`} onClick={(e) => go(e, i)}>
                {i.message}
              </a>
            ) : (
              i.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * A field's own note: its message without the leading "Label: " the summary needs, when that label
 * is the field's (a word of it is in the field's path: "Cognome della madre" on …maternita…cognome).
 * Another field's label stays ("Codice fiscale: non corrisponde al nome" under Nome).
 */
export function noteOf(message: string, path: string): string {
  const m = /^([^:.«»()]{1,60}): (.)/.exec(message);
  const key = plain(path.split('.').pop() ?? '');
  const own = m?.[1].split(/\s+/).some((w) => w.length >= 4 && key.includes(plain(w)));
  return m && own ? m[2].toUpperCase() + message.slice(m[0].length) : message;
}

/**
 * The summary's entries for a refusal: one per field at fault (its first message), or the message
 * alone. `note(path)` is the text shown under that field (by default the message itself).
 */
export function summaryItems(error: ApiError | null, note: (path: string) => string | undefined = () => undefined): SummaryItem[] {
  if (!error) return [];
  const list = error.issues?.length ? error.issues : [{ path: error.field ?? '', message: error.message }];
  const seen = new Set<string>();
  const count = new Map<string, number>();
  const out: SummaryItem[] = [];
  for (const i of list) {
    if (i.path && seen.has(i.path)) continue;
    seen.add(i.path);
    const n = note(i.path) ?? i.message;
    const nth = count.get(n) ?? 0;
    count.set(n, nth + 1);
    out.push({ message: i.message, note: n, nth });
  }
  return out;
}
