import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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

/**
 * sportello.log moves aside as `sportello.<UTC instant>.log` before a line would take it past
 * maxBytes; of those, the newest `keep` younger than maxAgeDays stay. The folder holds at most
 * (keep + 1) × maxBytes.
 */
export interface LogRotation {
  maxBytes: number;
  keep: number;
  maxAgeDays: number;
}

export const LOG_ROTATION: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 5, maxAgeDays: 30 };

const LOG_FILE = 'sportello.log';
/** sportello.20261206T180000123Z.log, or …Z-1.log for a second rotation in the same millisecond. */
const ROTATED = /^sportello\.(\d{8}T\d{9}Z)(?:-(\d+))?\.log$/;

const CF = /\b([A-Z]{6})[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;

export function maskPersonal(text: string): string {
  return text.replace(CF, '$1**********');
}

const stampOf = (at: Date) => at.toISOString().replace(/[-:.]/g, '');
const timeOfStamp = (s: string) =>
  Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`,
  );

/** Deletes the rotated files beyond the newest `keep`, and any older than maxAgeDays. */
function pruneRotated(dir: string, rotation: LogRotation, now: Date): void {
  const oldest = now.getTime() - rotation.maxAgeDays * 86_400_000;
  const rotated = readdirSync(dir)
    .map((name) => ROTATED.exec(name))
    .filter((m) => m !== null)
    .map((m) => ({ name: m[0], stamp: m[1], n: Number(m[2] ?? 0) }))
    .sort((a, b) => (a.stamp === b.stamp ? b.n - a.n : a.stamp < b.stamp ? 1 : -1)); // newest first
  rotated.forEach((f, i) => {
    if (i >= rotation.keep || timeOfStamp(f.stamp) < oldest) rmSync(join(dir, f.name), { force: true });
  });
}

function rotate(dir: string, rotation: LogRotation, now: Date): void {
  const stamp = stampOf(now);
  let target = join(dir, `sportello.${stamp}.log`);
  for (let n = 1; existsSync(target); n++) target = join(dir, `sportello.${stamp}-${n}.log`);
  renameSync(join(dir, LOG_FILE), target);
  pruneRotated(dir, rotation, now);
}

export function createLogger(dataDir: string | null, echo = false, opts: { rotation?: LogRotation; now?: () => Date } = {}): Logger {
  const rotation = opts.rotation ?? LOG_ROTATION;
  const now = opts.now ?? (() => new Date());
  let dir: string | null = null;
  let size = 0;
  if (dataDir) {
    dir = join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    if (existsSync(join(dir, LOG_FILE))) chmodSync(join(dir, LOG_FILE), 0o600);
    size = existsSync(join(dir, LOG_FILE)) ? statSync(join(dir, LOG_FILE)).size : 0;
    pruneRotated(dir, rotation, now());
  }
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    const at = now();
    const line = maskPersonal(JSON.stringify({ at: at.toISOString(), level, event, ...fields })) + '\n';
    if (dir) {
      try {
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > rotation.maxBytes) {
          rotate(dir, rotation, at);
          size = 0;
        }
        appendFileSync(join(dir, LOG_FILE), line, { mode: 0o600 });
        size += bytes;
      } catch {
        // A full or failing disk must not turn a log line into a crash; the line goes to stderr.
        process.stderr.write(line);
      }
    }
    if (echo || level === 'error') process.stderr.write(line);
  };
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}
