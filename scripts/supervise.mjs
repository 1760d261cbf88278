/**
 * Keeps browser mode's back end running: when it dies (a crash, a signal such as kill -9, an
 * uncaught error) it is started again after a back-off (1 s, 2 s, 4 s … up to 30 s; back to 1 s
 * after a minute up), and the console says so. A clean exit (0), wrong usage (2) and a refusal
 * to open the data folder (3: folder unusable, Sportello already open on it) end the launcher with
 * the same code: starting again would not help. Eight quick deaths in a row end it too (exit 1).
 * The restarted back end logs `host.restarted` with the cause (SPORTELLO_RESTART, read by serve.ts).
 */
import { spawn } from 'node:child_process';

/** Exit codes that are an answer, not a death. */
const FINAL_CODES = new Set([0, 2, 3]);
export const RESTART_ENV = 'SPORTELLO_RESTART';

/**
 * @param {{ command: string, args: string[], cwd: string, baseDelayMs?: number, maxDelayMs?: number,
 *   stableMs?: number, maxQuickDeaths?: number, say?: (line: string) => void }} o
 */
export function supervise(o) {
  const baseDelayMs = o.baseDelayMs ?? 1000;
  const maxDelayMs = o.maxDelayMs ?? 30_000;
  const stableMs = o.stableMs ?? 60_000;
  const maxQuickDeaths = o.maxQuickDeaths ?? 8;
  const say = o.say ?? ((line) => console.error(line));
  let child = null;
  let stopping = null;
  let quickDeaths = 0;
  let restarts = 0;
  let timer = null;

  const start = (restart) => {
    const startedAt = Date.now();
    const env = { ...process.env };
    if (restart) env[RESTART_ENV] = JSON.stringify(restart);
    else delete env[RESTART_ENV];
    child = spawn(o.command, o.args, { cwd: o.cwd, stdio: 'inherit', env });
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) process.exit(code ?? 0);
      if (signal === null && FINAL_CODES.has(code)) process.exit(code);
      const upMs = Date.now() - startedAt;
      quickDeaths = upMs >= stableMs ? 1 : quickDeaths + 1;
      const cause = signal ? `segnale ${signal}` : `codice ${code}`;
      if (quickDeaths > maxQuickDeaths) {
        say(
          `Sportello si è chiuso inaspettatamente ${quickDeaths} volte di seguito (ultima: ${cause}): non lo riavvio più. Controllare il registro nella cartella dei dati (logs/sportello.log) e avvisare l'assistenza.`,
        );
        process.exit(1);
      }
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (quickDeaths - 1));
      restarts++;
      say(
        `Sportello si è chiuso inaspettatamente (${cause}) dopo ${Math.round(upMs / 1000)} s: lo riavvio tra ${delayMs / 1000} s (riavvio n. ${restarts}). Riaprire poi il nuovo indirizzo SPORTELLO_URL.`,
      );
      timer = setTimeout(() => {
        timer = null;
        start({ cause: signal ? `signal ${signal}` : `exit ${code}`, restarts, delayMs });
      }, delayMs);
    });
  };

  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      stopping = sig;
      if (timer) clearTimeout(timer);
      if (child) child.kill(sig);
      else process.exit(0);
    });
  }
  start(null);
}
