import { appendFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Structured JSON-lines log in `<data>/logs/`. Callers pass codes, ids and counts only: never a
 * name, a full codice fiscale, a CAN, a PIN or a key. As a last guard, values that look like a
 * codice fiscale are masked.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const CF = /\b([A-Z]{6})[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;

export function maskPersonal(text: string): string {
  return text.replace(CF, '$1**********');
}

export function createLogger(dataDir: string | null, echo = false): Logger {
  let file: string | null = null;
  if (dataDir) {
    const dir = join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    file = join(dir, 'sportello.log');
    if (existsSync(file)) chmodSync(file, 0o600);
  }
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    const line = maskPersonal(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }));
    if (file) {
      try {
        appendFileSync(file, line + '\n', { mode: 0o600 });
      } catch {
        // A full or failing disk must not turn a log line into a crash; the line goes to stderr.
        process.stderr.write(line + '\n');
      }
    }
    if (echo || level === 'error') process.stderr.write(line + '\n');
  };
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}
