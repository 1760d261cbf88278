import type { z } from 'zod';
import type { SessionView } from '../contracts/auth';
import { recordAudit } from '../core/audit/log';
import { isSportelloError, SportelloError } from '../core/errors';
import { listFailedLogins, recordFailedLogin } from '../core/auth/failed-logins';
import { LoginThrottle } from '../core/auth/login-throttle';
import { checkCredentials, countOperators, createOperator, listOperators, setOperatorActive, type Operator } from '../core/auth/operators';
import { saveIdleMinutes, storedIdleMinutes } from '../core/settings/idle';
import { getComune, operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

type SessionViewT = z.output<typeof SessionView>;

const operatorView = (o: Operator) => ({ id: o.id, username: o.username, displayName: o.displayName, roles: o.roles, active: o.active });

export function sessionView(s: AppServices): SessionViewT {
  const cur = s.session.current;
  const comune = getComune(s.db);
  return {
    setupRequired: countOperators(s.db) === 0,
    status: cur.status,
    operator: cur.status === 'signed-out' ? null : operatorView(cur.operator),
    idleMinutes: Math.round(s.session.idleTimeoutMs / 60_000),
    idleSeconds: Math.round(s.session.idleTimeoutMs / 1000),
    comune: comune ? { nome: comune.nome, codiceIstat: comune.codiceIstat } : null,
    workstation: { name: s.workstation.name, number: s.workstation.number },
    demo: s.demo,
  };
}

type AuthProcedures = Pick<
  Procedures,
  | 'session.get'
  | 'session.setup'
  | 'session.login'
  | 'session.unlock'
  | 'session.logout'
  | 'session.lock'
  | 'session.activity'
  | 'operators.list'
  | 'operators.create'
  | 'operators.setActive'
  | 'operators.failedLogins'
  | 'settings.setIdleMinutes'
>;

export function authProcedures(s: AppServices, now: () => number = Date.now): AuthProcedures {
  const throttle = new LoginThrottle(s.db, s.workstation.id, now);
  /**
   * Counts the attempt before the password is hashed, in this same synchronous step (see
   * LoginThrottle), then checks it; a failure of either kind is audited with the name tried.
   */
  async function checkThrottled(username: string, password: string, via: 'login' | 'unlock'): Promise<Operator | undefined> {
    let attempt;
    try {
      attempt = throttle.begin(username);
    } catch (e) {
      if (isSportelloError(e) && e.code === 'AUTH_THROTTLED') recordFailedLogin(s.db, s.workstation.id, username, 'throttled', via);
      throw e;
    }
    const op = await checkCredentials(s.db, username, password);
    if (op) attempt.succeeded();
    else recordFailedLogin(s.db, s.workstation.id, username, 'credentials', via);
    return op;
  }
  const wrongCredentials = () => new SportelloError('AUTH_CREDENTIALS', 'Nome utente o password non corretti. Riprovare.');
  const actorOf = (o: Operator | null) => operatorActor(o, s.workstation.id);
  const audit = (o: Operator, action: string) => recordAudit(s.db, actorOf(o), { action, entityType: 'operator', entityId: o.id });

  return {
    'session.get': () => sessionView(s),

    'session.setup': async (input) => {
      const op = await createOperator(s.db, null, { ...input, roles: ['responsabile'] }, s.workstation.id);
      s.session.signIn(op);
      audit(op, 'session.login');
      return sessionView(s);
    },

    'session.login': async ({ username, password }) => {
      const op = await checkThrottled(username, password, 'login');
      if (!op) throw wrongCredentials();
      s.session.signIn(op);
      audit(op, 'session.login');
      return sessionView(s);
    },

    'session.unlock': async ({ password }) => {
      const cur = s.session.current;
      if (cur.status !== 'locked') return sessionView(s);
      const op = await checkThrottled(cur.operator.username, password, 'unlock');
      if (!op) throw new SportelloError('AUTH_CREDENTIALS', 'Password non corretta. Riprovare.');
      s.session.signIn(op);
      audit(op, 'session.unlock');
      return sessionView(s);
    },

    'session.logout': () => {
      const cur = s.session.current;
      if (cur.status !== 'signed-out') audit(cur.operator, 'session.logout');
      s.session.signOut();
      return sessionView(s);
    },

    'session.lock': (_i, ctx) => {
      if (ctx.operator) audit(ctx.operator, 'session.lock');
      s.session.lock();
      return sessionView(s);
    },

    'session.activity': () => ({ ok: true as const }),

    'operators.list': () => listOperators(s.db).map(operatorView),

    'operators.failedLogins': () => listFailedLogins(s.db, 50).map(({ workstationId: _w, ...f }) => f),

    'operators.create': async (input, ctx) => operatorView(await createOperator(s.db, actorOf(ctx.operator!), input, s.workstation.id)),

    'operators.setActive': ({ id, active }, ctx) => {
      if (id === ctx.operator!.id && !active) {
        throw new SportelloError('AUTH_SELF_DISABLE', 'Non è possibile disattivare il proprio account.');
      }
      setOperatorActive(s.db, actorOf(ctx.operator!), id, active);
      return { ok: true as const };
    },

    'settings.setIdleMinutes': ({ minutes }, ctx) => {
      saveIdleMinutes(s.db, actorOf(ctx.operator!), minutes);
      s.session.setIdleMs(minutes * 60_000);
      return { ok: true as const };
    },
  };
}

export function configuredIdleMs(s: Pick<AppServices, 'db'>, fallbackMs: number): number {
  const minutes = storedIdleMinutes(s.db);
  return minutes ? minutes * 60_000 : fallbackMs;
}
