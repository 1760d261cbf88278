import type { ReactNode } from 'react';

/**
 * A message for the clerk: errors interrupt (role=alert), confirmations are polite (role=status).
 * bootstrap-italia's alert markup, drawn directly: design-react-kit's Alert wraps it in a
 * transition that forces a layout on every confirmation, for an animation it never shows here.
 * `elementtiming` lets a measurement read when the message was first painted.
 */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  const color = { error: 'danger', success: 'success', info: 'info', warning: 'warning' }[kind];
  return (
    <div className={`alert alert-${color}`} role={kind === 'error' ? 'alert' : 'status'} elementtiming="notice">
      {children}
    </div>
  );
}
