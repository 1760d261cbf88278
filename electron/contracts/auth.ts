import { z } from '../core/zod';
import { personName } from '../core/forms/names';
import { ROLES } from '../core/auth/roles';
import { Empty, Ok, procedure } from './define';

const Role = z.enum(ROLES);
const Username = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-zA-Z0-9._-]+$/, 'Usare solo lettere, numeri, punto, trattino.');
const Password = z.string().min(1).max(200);
const CodiceFiscaleOptional = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{16}$/, 'Il codice fiscale ha 16 caratteri.')
  .nullable()
  .optional();

export const OperatorView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  active: z.boolean(),
});

export const SessionView = z.object({
  setupRequired: z.boolean(),
  status: z.enum(['signed-out', 'active', 'locked']),
  operator: OperatorView.nullable(),
  idleMinutes: z.number(),
  idleSeconds: z.number(),
  comune: z.object({ nome: z.string(), codiceIstat: z.string() }).nullable(),
  workstation: z.object({ name: z.string(), number: z.number() }),
  demo: z.boolean(),
});

const NewOperator = z.object({
  username: Username,
  displayName: personName(80).min(2),
  codiceFiscale: CodiceFiscaleOptional,
  password: z.string().min(1).max(200),
  roles: z.array(Role).min(1),
});

export const authContract = {
  'session.get': procedure({ input: Empty, output: SessionView, access: 'public', activity: false }),
  'session.setup': procedure({ input: NewOperator.omit({ roles: true }), output: SessionView, access: 'public' }),
  'session.login': procedure({
    input: z.object({ username: z.string().max(40), password: Password }),
    output: SessionView,
    access: 'public',
  }),
  'session.unlock': procedure({ input: z.object({ password: Password }), output: SessionView, access: 'public' }),
  'session.logout': procedure({ input: Empty, output: SessionView, access: 'public' }),
  'session.lock': procedure({ input: Empty, output: SessionView, access: 'any' }),
  /** The clerk is working (keyboard, mouse): postpones the idle lock. */
  'session.activity': procedure({ input: Empty, output: Ok, access: 'any' }),
  'operators.list': procedure({ input: Empty, output: z.array(OperatorView), access: 'responsabile' }),
  'operators.create': procedure({ input: NewOperator, output: OperatorView, access: 'responsabile' }),
  /** The latest failed logins on this workstation (audited: name tried, when, why; never the password). */
  'operators.failedLogins': procedure({
    input: Empty,
    output: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        username: z.string(),
        reason: z.enum(['credentials', 'throttled']),
        via: z.enum(['login', 'unlock']),
      }),
    ),
    access: 'responsabile',
  }),
  'operators.setActive': procedure({ input: z.object({ id: z.string().uuid(), active: z.boolean() }), output: Ok, access: 'responsabile' }),
  'settings.setIdleMinutes': procedure({
    input: z.object({ minutes: z.number().int().min(1).max(60) }),
    output: Ok,
    access: 'responsabile',
  }),
};
