/**
 * Typed errors. Every error carries a stable code a person can search for (e.g. "AUTH_ROLE"),
 * an Italian message for the clerk that says what happened and what to do, and optional details
 * that never contain personal data (they may reach logs).
 */
export class SportelloError extends Error {
  readonly code: string;
  readonly userMessage: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, userMessage: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(`${code}: ${userMessage}`, options);
    this.name = 'SportelloError';
    this.code = code;
    this.userMessage = userMessage;
    this.details = details;
  }
}

/** One field at fault: its path (as the form names it) and the Italian message shown next to it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Input that fails a schema or a business rule; `field` names the form field at fault, `issues`
 * every field at fault when there are several (the form shows them all at once).
 */
export class ValidationError extends SportelloError {
  readonly field?: string;
  readonly issues?: FieldIssue[];
  constructor(code: string, userMessage: string, field?: string, details?: Record<string, unknown>, issues?: FieldIssue[]) {
    super(code, userMessage, { ...details, ...(field ? { field } : {}) });
    this.name = 'ValidationError';
    this.field = field;
    if (issues?.length) this.issues = issues;
  }
}

export function isSportelloError(e: unknown): e is SportelloError {
  return e instanceof SportelloError;
}
