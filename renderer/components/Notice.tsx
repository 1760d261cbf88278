import type { ReactNode } from 'react';
import { Alert } from 'design-react-kit';

/** A message for the clerk: errors interrupt (role=alert), confirmations are polite (role=status). */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  const color = { error: 'danger', success: 'success', info: 'info', warning: 'warning' }[kind];
  return (
    <Alert color={color} fade={false} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </Alert>
  );
}
