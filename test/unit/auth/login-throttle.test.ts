/**
 * The login throttle on a real encrypted store with an injected clock: escalating waits, kept
 * across a restart, per user name and per workstation, cleared by a success.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FREE_TRIES, LoginThrottle } from '../../../electron/core/auth/login-throttle';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import type { Db } from '../../../electron/core/store/types';
import { tempDir } from '../../support/tmp';

const WS = 'ws-1';
let cleanup = () => {};
afterEach(() => cleanup());

function store() {
  const t = tempDir();
  const dbs: Db[] = [];
  cleanup = () => {
    dbs.forEach((d) => d.open && d.close());
    t.cleanup();
  };
  return {
    open: () => {
      const { db } = openStore(t.dir, keyFileProvider);
      dbs.push(db);
      return db;
    },
  };
}

/** A clock the test moves by hand. */
function clock(start = Date.parse('2026-03-02T08:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Fails `n` times (each attempt counted, the password never right). */
const fail = (th: LoginThrottle, user: string, n: number) => {
  for (let i = 0; i < n; i++) th.begin(user);
};
const refused = (th: LoginThrottle, user: string) => {
  try {
    th.begin(user);
    return null;
  } catch (e) {
    return e as { code: string; details: { waitMs: number } };
  }
};

describe('login throttle', () => {
  it('lets the free tries through, then waits 30 s, 2 min, 10 min, each longer after a failure', () => {
    const s = store();
    const c = clock();
    const th = new LoginThrottle(s.open(), WS, c.now);
    fail(th, 'mario', FREE_TRIES.user);
    expect(refused(th, 'mario')).toMatchObject({ code: 'AUTH_THROTTLED', details: { waitMs: 30_000 } });
    c.advance(29_999);
    expect(refused(th, 'mario')?.code).toBe('AUTH_THROTTLED');
    for (const wait of [2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000, 60 * 60_000]) {
      c.advance(60 * 60_000); // whatever wait ran has passed
      expect(refused(th, 'mario')).toBeNull(); // one more try, counted as failed…
      const r = refused(th, 'mario'); // …and the next wait is longer
      expect(r?.code).toBe('AUTH_THROTTLED');
      expect(r?.details.waitMs).toBe(wait);
    }
  });

  it('keeps the wait across a restart (stored in the encrypted database)', () => {
    const s = store();
    const c = clock();
    const db = s.open();
    fail(new LoginThrottle(db, WS, c.now), 'mario', FREE_TRIES.user);
    db.close();
    const again = new LoginThrottle(s.open(), WS, c.now);
    expect(refused(again, 'mario')?.code).toBe('AUTH_THROTTLED');
    c.advance(30_000);
    expect(refused(again, 'mario')).toBeNull();
  });

  it('is per user name: another name is not held up by one under a wait; a success clears the count', () => {
    const s = store();
    const c = clock();
    const th = new LoginThrottle(s.open(), WS, c.now);
    fail(th, 'mario', FREE_TRIES.user);
    expect(refused(th, 'MARIO ')?.code).toBe('AUTH_THROTTLED'); // same name, other case
    expect(refused(th, 'lucia')).toBeNull();
    fail(th, 'anna', FREE_TRIES.user - 1);
    th.begin('anna').succeeded();
    fail(th, 'anna', FREE_TRIES.user - 1); // the count started again
    expect(refused(th, 'anna')).toBeNull();
  });

  it('is per workstation: many names tried in turn stop every name', () => {
    const s = store();
    const c = clock();
    const db = s.open();
    const th = new LoginThrottle(db, WS, c.now);
    for (let i = 0; i < FREE_TRIES.workstation; i++) th.begin(`nome${i}`); // one try each
    expect(refused(th, 'mai-provato')?.code).toBe('AUTH_THROTTLED');
    // Another workstation's counter (a database restored elsewhere) is its own.
    expect(refused(new LoginThrottle(db, 'ws-2', c.now), 'mai-provato')).toBeNull();
  });
});
