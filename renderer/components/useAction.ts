import { useState } from 'react';
import { ApiError } from '../api';
import { t } from '../messages/it';

/** Runs a back-end action for a form: busy flag, the clerk-facing error and the field at fault. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ code: 'UI', message: t.errors.generic }));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  /** The message for one field, from the refusal's field or its schema issues. */
  const fieldError = (field: string): string | undefined =>
    error?.issues?.find((i) => i.path === field)?.message ?? (error?.field === field ? error.message : undefined);
  return { busy, error, run, fieldError, clear: () => setError(null) };
}
