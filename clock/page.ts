/**
 * The page follows its host's clock: a host started with a clock option puts its offset in the
 * launch address (`#token=…&clock-offset=<ms>`), kept for the tab's reloads. Imported first by
 * renderer/main.tsx, before any screen reads the time. Without it the page keeps the system clock.
 */
import { shiftClock } from './clock';

const KEY = 'sportello.clock-offset';
const m = /[#&]clock-offset=(-?\d+)/.exec(window.location.hash);
if (m) sessionStorage.setItem(KEY, m[1]);
else if (/[#&]token=/.test(window.location.hash)) sessionStorage.removeItem(KEY); // a new launch on the system clock
const kept = sessionStorage.getItem(KEY);
if (kept && /^-?\d+$/.test(kept)) shiftClock(Number(kept));
