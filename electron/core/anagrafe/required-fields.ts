/**
 * What ANPR requires of the person a pratica registers (1001 birth, 1002 iscrizione) although the
 * XSD leaves it optional: the sex (EN081). Read on the raw payload, before or without a successful
 * parse, so that these problems are reported together with the form's other errors.
 */
import type { FieldIssue } from '../errors';
import { M } from './messages';

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const REGISTERED: Record<string, string> = { '1001': 'generalita1001', '1002': 'generalita1002' };

/** The registered person's missing required fields (empty when none, or for other pratiche). */
export function requiredIssues(input: unknown): FieldIssue[] {
  const p = obj(input);
  const key = REGISTERED[String(p?.code)];
  if (!key) return [];
  const path = `richiesta.${key}.generalita`;
  const g = obj(obj(obj(p?.richiesta)?.[key])?.generalita) ?? {};
  const issues: FieldIssue[] = [];
  if (g.sesso === undefined || g.sesso === '') issues.push({ path: `${path}.sesso`, message: M.sessoMissing });
  return issues;
}
