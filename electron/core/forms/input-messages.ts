/**
 * The Italian message of every input check that does not state its own: the error map every zod
 * schema of ours uses (set in ../zod.ts). Each message stands next to its field, so it says what
 * is wrong and what to write, without the field's name; never zod's own text (English type names,
 * "<=" and the like).
 */
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

const unit = (origin: unknown, n: number) =>
  origin === 'string' ? (n === 1 ? 'carattere' : 'caratteri') : origin === 'array' || origin === 'set' ? (n === 1 ? 'voce' : 'voci') : '';

function sizeMessage(iss: RawIssue & { code: 'too_big' | 'too_small' }): string {
  const bound = Number((iss as { maximum?: unknown; minimum?: unknown }).maximum ?? (iss as { minimum?: unknown }).minimum);
  const what = unit(iss.origin, bound);
  if (iss.code === 'too_small') {
    if ((iss.origin === 'string' || iss.origin === 'array') && bound <= 1) return INPUT_MESSAGES.required;
    if (iss.origin === 'string' || iss.origin === 'array' || iss.origin === 'set') return `Troppo corto: almeno ${bound} ${what}.`;
    return `Valore troppo piccolo: almeno ${bound}.`;
  }
  if (iss.origin === 'string' || iss.origin === 'array' || iss.origin === 'set') return `Troppo lungo: al massimo ${bound} ${what}.`;
  return `Valore troppo grande: al massimo ${bound}.`;
}

/** The fixed messages (the test of every contract error checks messages come from here). */
export const INPUT_MESSAGES = {
  required: 'Campo obbligatorio: compilarlo.',
  invalid: 'Valore non valido: controllarlo.',
  number: 'Scrivere un numero.',
  integer: 'Scrivere un numero intero.',
  text: 'Scrivere un testo.',
  choice: 'Valore non ammesso: sceglierne uno dall’elenco.',
  unexpected: 'Contiene dati non previsti: ricaricare la pagina e riprovare.',
  format: 'Formato non valido: controllare il valore scritto.',
  date: 'Data non valida: scriverla come gg/mm/aaaa.',
  email: 'Indirizzo email non valido: ad esempio nome@comune.it.',
  uuid: 'Identificativo non valido: ricaricare la pagina e riprovare.',
  url: 'Indirizzo web non valido: ad esempio https://servizi.comune.it.',
  tooBig: 'Troppo lungo: al massimo',
  tooSmall: 'Troppo corto: almeno',
} as const;

/** zod's error map: every issue without a message of its own gets an Italian one from here. */
export function italianInputMessage(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined || iss.input === null) return INPUT_MESSAGES.required;
      if (iss.expected === 'number' || iss.expected === 'int' || iss.expected === 'bigint') return INPUT_MESSAGES.number;
      if (iss.expected === 'string') return INPUT_MESSAGES.text;
      return INPUT_MESSAGES.invalid;
    case 'too_big':
    case 'too_small':
      return sizeMessage(iss);
    case 'invalid_value':
    case 'invalid_union':
      return INPUT_MESSAGES.choice;
    case 'unrecognized_keys':
    case 'invalid_key':
    case 'invalid_element':
      return INPUT_MESSAGES.unexpected;
    case 'not_multiple_of':
      return INPUT_MESSAGES.integer;
    case 'invalid_format': {
      const f = (iss as { format?: string }).format;
      if (f === 'email') return INPUT_MESSAGES.email;
      if (f === 'uuid' || f === 'guid') return INPUT_MESSAGES.uuid;
      if (f === 'url') return INPUT_MESSAGES.url;
      if (f === 'date' || f === 'datetime') return INPUT_MESSAGES.date;
      // An ISO date checked by pattern (the page sends dates as aaaa-mm-gg): the clerk typed gg/mm/aaaa.
      if (f === 'regex' && String((iss as { pattern?: unknown }).pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}'))
        return INPUT_MESSAGES.date;
      return INPUT_MESSAGES.format;
    }
    default:
      return INPUT_MESSAGES.invalid;
  }
}
