import { useRef, useState } from 'react';
import { ApiError } from '../api';
import { t } from '../messages/it';

/** Most saves answer in a few milliseconds: the form is drawn as busy only when one takes longer. */
const BUSY_SHOWN_AFTER_MS = 150;

/**
 * Takes the focus off the form while a save runs, so the browser does the work of moving focus
 * while it waits for the answer, not when it draws the confirmation (removing a form that held
 * the focus cost several milliseconds there). The returned function gives the focus back, a
 * moment later, if its element is still on screen and nothing else took it (a refused save).
 */
function holdFocus(): () => void {
  const had = document.activeElement;
  if (!(had instanceof HTMLElement) || had === document.body) return () => {};
  had.blur();
  return () =>
    setTimeout(() => {
      if (had.isConnected && (document.activeElement === null || document.activeElement === document.body)) had.focus();
    }, 0);
}

/**
 * Runs a back-end action for a form: busy flag, the clerk-facing error and the field at fault.
 * A second press while an action runs does nothing (no double booking from a double click), and
 * the form is not redrawn when the action starts, so the request leaves at once.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);
  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (running.current) return undefined;
    running.current = true;
    const showBusy = setTimeout(() => setBusy(true), BUSY_SHOWN_AFTER_MS);
    const giveFocusBack = holdFocus();
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ code: 'UI', message: t.errors.generic }));
      return undefined;
    } finally {
      clearTimeout(showBusy);
      running.current = false;
      setBusy(false);
      giveFocusBack();
    }
  }
  /** The message for one field, from the refusal's field or its schema issues. */
  const fieldError = (field: string): string | undefined =>
    error?.issues?.find((i) => i.path === field)?.message ?? (error?.field === field ? error.message : undefined);
  return { busy, error, run, fieldError, clear: () => setError(null) };
}
