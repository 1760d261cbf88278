import { SportelloError } from '../errors';
import type { Operator } from './operators';
import { hasRole, type Role } from './roles';

export type SessionState = { status: 'signed-out' } | { status: 'active'; operator: Operator } | { status: 'locked'; operator: Operator };

/**
 * The counter session of this workstation: one operator at a time, locked after `idleMs`
 * without user activity. Only calls the clerk makes count as activity; background polls do not.
 */
export class CounterSession {
  private state: SessionState = { status: 'signed-out' };
  private lastActivity = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private idleMs: number,
    private readonly onChange: (s: SessionState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): SessionState {
    this.lockIfIdle();
    return this.state;
  }

  setIdleMs(ms: number): void {
    this.idleMs = ms;
    this.arm();
  }

  get idleTimeoutMs(): number {
    return this.idleMs;
  }

  signIn(operator: Operator): void {
    // Activity first: listeners read `current`, which would otherwise lock a stale session.
    this.lastActivity = this.now();
    this.set({ status: 'active', operator });
  }

  signOut(): void {
    this.set({ status: 'signed-out' });
  }

  lock(): void {
    if (this.state.status === 'active') this.set({ status: 'locked', operator: this.state.operator });
  }

  /** Activity from the clerk: postpones the idle lock. */
  touch(): void {
    this.lastActivity = this.now();
    this.arm();
  }

  /** The active operator, if they hold `role` (or any role when `role` is 'any'). Throws otherwise. */
  require(role: Role | 'any'): Operator {
    const s = this.current;
    if (s.status === 'signed-out') throw new SportelloError('AUTH_REQUIRED', 'Accedere con le proprie credenziali per continuare.');
    if (s.status === 'locked') throw new SportelloError('AUTH_LOCKED', 'La postazione è bloccata: inserire la password per sbloccarla.');
    if (role !== 'any' && !hasRole(s.operator.roles, role)) {
      throw new SportelloError('AUTH_ROLE', 'Questa operazione non è consentita al suo profilo. Chiedere al responsabile.', { role });
    }
    return s.operator;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private lockIfIdle(): void {
    if (this.state.status === 'active' && this.now() - this.lastActivity >= this.idleMs) this.lock();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.state.status !== 'active') return;
    const wait = Math.max(0, this.lastActivity + this.idleMs - this.now());
    this.timer = setTimeout(() => this.lockIfIdle(), wait + 5);
    this.timer.unref();
  }

  private set(s: SessionState): void {
    this.state = s;
    this.arm();
    this.onChange(s);
  }
}
