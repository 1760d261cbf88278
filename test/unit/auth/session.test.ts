import { describe, expect, it } from 'vitest';
import { CounterSession, type SessionState } from '../../../electron/core/auth/session';
import type { Operator } from '../../../electron/core/auth/operators';

const op = (roles: Operator['roles']): Operator => ({
  id: 'o1',
  username: 'u',
  displayName: 'U',
  codiceFiscale: null,
  roles,
  active: true,
});

function clockedSession(idleMs: number) {
  let now = 1_000_000;
  const seen: SessionState['status'][] = [];
  const s: CounterSession = new CounterSession(
    idleMs,
    () => seen.push(s.current.status),
    () => now,
  );
  return { s, seen, advance: (ms: number) => (now += ms) };
}

describe('counter session', () => {
  it('signing in long after start does not lock at once (regression)', () => {
    const { s, seen, advance } = clockedSession(5_000);
    advance(60_000); // the app has been open a minute before anyone signs in
    s.signIn(op(['anagrafe']));
    expect(seen).toEqual(['active']);
    expect(s.current.status).toBe('active');
    s.dispose();
  });

  it('locks after the idle time and activity postpones it', () => {
    const { s, advance } = clockedSession(5_000);
    s.signIn(op(['anagrafe']));
    advance(4_000);
    s.touch();
    advance(4_000);
    expect(s.current.status).toBe('active');
    advance(1_001);
    expect(s.current.status).toBe('locked');
    expect(() => s.require('any')).toThrow(/AUTH_LOCKED/);
    s.dispose();
  });

  it('refuses a role the operator lacks; the responsabile holds every role', () => {
    const { s } = clockedSession(60_000);
    s.signIn(op(['cassa']));
    expect(() => s.require('anagrafe')).toThrow(/AUTH_ROLE/);
    expect(s.require('cassa').id).toBe('o1');
    s.signIn(op(['responsabile']));
    expect(s.require('anagrafe').id).toBe('o1');
    s.signOut();
    expect(() => s.require('any')).toThrow(/AUTH_REQUIRED/);
    s.dispose();
  });
});
