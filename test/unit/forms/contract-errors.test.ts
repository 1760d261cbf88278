/**
 * Every contract error the clerk can see is Italian and ours: each procedure's input schema
 * (electron/contract.ts) and each pratica variant is fed bad inputs generated per field (missing,
 * wrong type, empty, too long, markup), and every message must come from our messages
 * (core/forms/input-messages.ts or a schema's own Italian text), never zod's locale text.
 */
import { describe, expect, it } from 'vitest';
import { z } from '../../../electron/core/zod';
import { contract } from '../../../electron/contract';
import { INPUT_MESSAGES, italianInputMessage } from '../../../electron/core/forms/input-messages';
import { praticaPayload } from '../../../electron/core/anagrafe/pratica-model';
import { parsePraticaPayload } from '../../../electron/core/anagrafe/rules';
import { ValidationError } from '../../../electron/core/errors';

type Def = { type: string; [k: string]: unknown };
const def = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const d = def(cur);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type))
      cur = d.innerType as z.ZodType;
    else if (d.type === 'pipe') cur = d.in as z.ZodType;
    else break;
  }
  return cur;
}

/** Bad values for one schema: wrong type, empty, too long, markup; nested objects field by field. */
function badValues(s: z.ZodType, depth: number): unknown[] {
  const inner = unwrap(s);
  const d = def(inner);
  switch (d.type) {
    case 'string':
      return [12345, '', 'x'.repeat(5000), '<img src=x onerror=alert(1)>', null];
    case 'number':
    case 'int':
      return ['abc', 1.5, -1, 1e15, null];
    case 'boolean':
      return ['yes', null];
    case 'enum':
    case 'literal':
      return ['NOT_A_VALUE', 7, null];
    case 'array':
      return ['x', [], Array.from({ length: 60 }, () => badValues(d.element as z.ZodType, depth + 1)[0] ?? 'x'), null];
    case 'object':
      return depth > 3 ? ['x'] : ['x', ...badObjects(inner, depth + 1)];
    case 'union':
      return [{}, 'x', 42];
    default:
      return ['x', 42];
  }
}

function badObjects(s: z.ZodType, depth: number): Record<string, unknown>[] {
  const shape = (def(unwrap(s)).shape ?? {}) as Record<string, z.ZodType>;
  const out: Record<string, unknown>[] = [{}, { unexpected: 1 }];
  for (const [k, f] of Object.entries(shape)) for (const v of badValues(f, depth)) out.push({ [k]: v });
  return out;
}

/** zod's own (locale) text for an issue: what must never reach the clerk. */
const zodItalian = z.locales.it().localeError as unknown as (i: unknown) => string | { message: string } | undefined;
const zodText = (i: z.core.$ZodIssue) => {
  const r = zodItalian(i);
  return typeof r === 'string' ? r : r?.message;
};
const ENGLISH = /\b(string|number|boolean|undefined|expected|received|Invalid|Required|Too (big|small)|array|object)\b|<=|>=/;
const OURS = new Set<string>(Object.values(INPUT_MESSAGES));

function checkMessage(where: string, issue: z.core.$ZodIssue, message: string, problems: string[]) {
  const own = italianInputMessage(issue as unknown as z.core.$ZodRawIssue);
  const fromOurMap = message === own || OURS.has(message) || message.startsWith('Troppo ') || message.startsWith('Valore troppo ');
  const bad =
    ENGLISH.test(message) ||
    message === zodText(issue) ||
    !/^[A-ZÀ-Ý«]/.test(message) ||
    // A schema's own text is ours when it is a sentence; anything else must come from the map.
    (!fromOurMap && !/[.:]$|[-'.,]$/.test(message));
  if (bad) problems.push(`${where} ${issue.path.join('.')}: ${message}`);
}

describe('every contract error is Italian and ours', () => {
  it('walks every procedure input with bad values per field', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const [name, p] of Object.entries(contract)) {
      const inputs = def(unwrap(p.input)).type === 'object' ? badObjects(p.input, 0) : badValues(p.input, 0);
      for (const input of inputs) {
        const r = p.input.safeParse(input);
        if (r.success) continue;
        for (const i of r.error.issues) {
          seen++;
          checkMessage(name, i, i.message, problems);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(500);
  });

  it('walks every pratica variant: each message names the field and is ours', () => {
    const problems: string[] = [];
    let seen = 0;
    const variants = (def(praticaPayload).options as z.ZodType[]) ?? [];
    expect(variants.length).toBeGreaterThanOrEqual(9);
    for (const v of variants) {
      const code = (def(unwrap((def(v).shape as Record<string, z.ZodType>).code)).values as string[])[0];
      for (const richiesta of badObjects((def(v).shape as Record<string, z.ZodType>).richiesta, 1)) {
        const input = { code, testata: { tipoOperazione: 'C' }, richiesta };
        const raw = praticaPayload.safeParse(input);
        try {
          parsePraticaPayload(input);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          for (const [k, i] of (e.issues ?? []).entries()) {
            seen++;
            const [label, ...rest] = i.message.split(': ');
            const zi = raw.success ? undefined : raw.error.issues[k];
            if (!label || rest.length === 0) problems.push(`${code} ${i.path}: no field label in "${i.message}"`);
            if (zi)
              checkMessage(
                code,
                zi,
                rest.join(': ').replace(/^./, (c) => c.toUpperCase()),
                problems,
              );
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(300);
  });

  it('refuses markup as a pagoPA debtor name exactly as the anagrafe refuses it as a surname', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const r = contract['pagopa.notices.issue'].input.safeParse({
      debtor: { fullName: markup, codiceFiscale: 'RSSMRA80A01H501U' },
      items: ['CIE-STATO'],
      dueDate: '2026-12-31',
    });
    expect(r.success).toBe(false);
    const pagopa = r.error!.issues.find((i) => i.path.join('.') === 'debtor.fullName')!.message;
    const anagrafe = praticaPayload.safeParse({
      code: '5008',
      testata: { tipoOperazione: 'C' },
      richiesta: { generalitaPerRicerca: { cognome: markup, nome: 'MARIO' } },
    });
    expect(anagrafe.error!.issues.find((i) => i.path.join('.') === 'richiesta.generalitaPerRicerca.cognome')!.message).toBe(pagopa);
    expect(pagopa).toMatch(/^Contiene caratteri non ammessi in un nome/);
    // A company (11-digit CF) may have digits and &, never markup.
    const company = (fullName: string) =>
      contract['pagopa.notices.issue'].input.safeParse({
        debtor: { fullName, codiceFiscale: '01234567890' },
        items: ['X'],
        dueDate: '2026-12-31',
      }).success;
    expect(company('Rossi & Figli 2000 S.r.l.')).toBe(true);
    expect(company(markup)).toBe(false);
  });

  it('an oversized name gets our message, not zod’s', () => {
    const r = contract['pagopa.notices.issue'].input.safeParse({
      debtor: { fullName: 'A'.repeat(101), codiceFiscale: 'RSSMRA80A01H501U' },
      items: ['CIE-STATO'],
      dueDate: '2026-12-31',
    });
    expect(r.error!.issues[0].message).toBe('Troppo lungo: al massimo 100 caratteri.');
  });
});
