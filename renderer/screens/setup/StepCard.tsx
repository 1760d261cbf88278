import type { ReactNode } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { setupText as m } from '../../messages/setup';

export type SetupView = OutputOf<'setup.get'>;
export type Step = keyof typeof m.steps;

/** One numbered step: a card whose heading takes focus when the step is chosen above. */
export function StepCard({ step, children }: { step: Step; children: ReactNode }) {
  return (
    <section className="card card-bg mb-4" aria-labelledby={`setup-${step}`} data-testid={`setup-${step}`}>
      <div className="card-body">
        <h2 id={`setup-${step}`} className="h4 card-title" tabIndex={-1}>
          {m.steps[step]}
        </h2>
        {children}
      </div>
    </section>
  );
}

/** The refusal's message when no field of this form shows it (e.g. the notice numbers of this PC are already in use). */
export function unplacedError(
  error: { message: string; field?: string; issues?: { path: string }[] } | null,
  fields: string[],
): string | null {
  if (!error) return null;
  if (error.field && fields.includes(error.field)) return null;
  if (!error.field && error.issues?.length && error.issues.every((i) => fields.includes(i.path))) return null;
  return error.message;
}
