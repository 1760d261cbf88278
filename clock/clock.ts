/**
 * The one injectable clock of Sportello's processes. Normally it is the system clock, untouched.
 * Tests and the scenario start the host and the simulators with `--clock-start <instant>` (time
 * flows on from there) or `--clock-offset <ms>`, and the page follows its host (clock/page.ts):
 * `shiftClock` moves `Date.now()` and `new Date()` of the whole process by one offset, so every
 * module, library and SQL parameter that reads the time reads the same shifted time. A `Date`
 * built from a value, `Date.parse`, timers and `performance.now()` are untouched.
 * Never used in production: no production path passes a clock option.
 */

const SystemDate = globalThis.Date;
const systemNow = SystemDate.now.bind(SystemDate);

let offsetMs = 0;
let installed = false;

/** How far this process's clock runs from the system's, in ms (0 unless shifted). */
export function clockOffsetMs(): number {
  return offsetMs;
}

/** The offset that makes "now" the given instant (ISO 8601 with a zone, e.g. 2026-03-29T00:50:00Z). */
export function offsetForStart(instant: string, now = systemNow()): number {
  const at = SystemDate.parse(instant);
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(instant) || Number.isNaN(at)) {
    throw new Error(`--clock-start: "${instant}" is not an ISO instant with a zone (e.g. 2026-03-29T00:50:00Z)`);
  }
  return at - now;
}

/** Shifts this process's clock by `ms` from the system clock (replacing any earlier shift). */
export function shiftClock(ms: number): void {
  if (!Number.isFinite(ms)) throw new Error(`clock offset must be a number of ms, got ${ms}`);
  offsetMs = Math.round(ms);
  if (installed || offsetMs === 0) return;
  installed = true;
  const now = () => systemNow() + offsetMs;
  const Shifted: DateConstructor = new Proxy(SystemDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length ? args : [now()], newTarget === Shifted ? target : newTarget);
    },
    apply() {
      return new SystemDate(now()).toString(); // Date() called as a function
    },
    get(target, prop) {
      return prop === 'now' ? now : Reflect.get(target, prop, target);
    },
  });
  globalThis.Date = Shifted;
}

/** The clock options of `serve` and `sim`, read from their command line (none: the system clock). */
export function clockFromArgs(argv: readonly string[]): number | null {
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  const start = value('--clock-start');
  const offset = value('--clock-offset');
  if (start !== undefined) return offsetForStart(start);
  if (offset !== undefined) {
    const ms = Number(offset);
    if (!/^-?\d+$/.test(offset)) throw new Error(`--clock-offset: "${offset}" is not a whole number of ms`);
    return ms;
  }
  return null;
}
