import type { ReactNode } from 'react';

/** A message for the clerk: errors interrupt (role=alert), confirmations are polite (role=status). */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  const cls = { error: 'alert-danger', success: 'alert-success', info: 'alert-info', warning: 'alert-warning' }[kind];
  return (
    <div className={`alert ${cls}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
