/**
 * What ANPR requires of the person a pratica registers (1001 birth, 1002 iscrizione) although the
 * XSD leaves it optional: the surname and the name (or their "senza"), the sex (EN081), the date of birth, and the codice fiscale unless ANPR is
 * asked to attribute it (gestioneCF 1, 2) or it is knowingly absent (3) (EN146). Read on the raw payload, before or without a successful
 * parse, so that these problems are reported together with the form's other errors.
 */
import type { FieldIssue } from '../errors';
import { M } from './messages';

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const REGISTERED: Record<string, string> = { '1001': 'generalita1001', '1002': 'generalita1002' };

/** A missing field and the refusal's code when it is the only problem. */
export type RequiredIssue = FieldIssue & { code: string };

/** The registered person's missing required fields (empty when none, or for other pratiche). */
export function requiredIssues(input: unknown): RequiredIssue[] {
  const p = obj(input);
  const key = REGISTERED[String(p?.code)];
  if (!key) return [];
  const path = `richiesta.${key}.generalita`;
  const g = obj(obj(obj(p?.richiesta)?.[key])?.generalita) ?? {};
  const gestioneCF = String(obj(obj(p?.richiesta)?.datiControllo)?.gestioneCF ?? '');
  const issues: RequiredIssue[] = [];
  if (absent(g.cognome) && absent(g.senzaCognome))
    issues.push({ code: 'ANAGRAFE_FIELD_INVALID', path: `${path}.cognome`, message: M.nameMissing('Cognome') });
  if (absent(g.nome) && absent(g.senzaNome))
    issues.push({ code: 'ANAGRAFE_FIELD_INVALID', path: `${path}.nome`, message: M.nameMissing('Nome') });
  if (absent(g.sesso)) issues.push({ code: 'ANAGRAFE_FIELD_INVALID', path: `${path}.sesso`, message: M.sessoMissing });
  if (absent(g.dataNascita)) issues.push({ code: 'ANAGRAFE_FIELD_INVALID', path: `${path}.dataNascita`, message: M.dataNascitaMissing });
  if (!['1', '2', '3'].includes(gestioneCF) && absent(obj(g.codiceFiscale)?.codFiscale))
    issues.push({ code: 'ANAGRAFE_CF_MISSING', path: `${path}.codiceFiscale.codFiscale`, message: M.cfMissing });
  return issues;
}
