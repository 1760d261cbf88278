import { z } from '../core/zod';
import type { Role } from '../core/auth/roles';

/** Who may call: anyone (before login), any unlocked operator, or an operator holding a role. */
export type Access = 'public' | 'any' | Role;

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** False for background polls: they do not postpone the idle lock. */
  activity?: boolean;
}

export const procedure = <I extends z.ZodType, O extends z.ZodType>(p: ProcedureDef<I, O>) => p;

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });

/** The error half of every answer, identical in both hosts. */
export const ErrorAnswer = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorAnswer = z.infer<typeof ErrorAnswer>;

export type Answer<T> = { ok: true; data: T } | { ok: false; error: ErrorAnswer };
