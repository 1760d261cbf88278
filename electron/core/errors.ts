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

/** Input that fails a schema or a business rule; `field` names the form field at fault. */
export class ValidationError extends SportelloError {
  readonly field?: string;
  constructor(code: string, userMessage: string, field?: string, details?: Record<string, unknown>) {
    super(code, userMessage, { ...details, ...(field ? { field } : {}) });
    this.name = 'ValidationError';
    this.field = field;
  }
}

export function isSportelloError(e: unknown): e is SportelloError {
  return e instanceof SportelloError;
}
