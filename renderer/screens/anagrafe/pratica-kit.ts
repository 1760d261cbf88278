/** What every pratica form shares: the form context, place resolution, payload cleaning, local field errors. */
import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { anagrafeText as m } from '../../messages/anagrafe';
import type { AnagrafeInfo } from './types';
import { placeLabel, type PlaceValue } from './inputs';
import { findPlaces } from './places';

export type PersonView = OutputOf<'anagrafe.person'>;

/** A problem found in the form before sending, named by payload path like the back end's refusals. */
export interface FormIssue {
  path: string;
  message: string;
}

/**
 * `step`'s LocalFieldError noted in `issues` instead of thrown, so the form still sends and the back
 * end's refusal lists it with every other problem (the place is then left out of the payload).
 */
export async function noting<T>(issues: FormIssue[] | undefined, step: Promise<T>): Promise<T | undefined> {
  try {
    return await step;
  } catch (e) {
    if (!(issues && e instanceof LocalFieldError && e.field)) throw e;
    issues.push({ path: e.field, message: e.message });
    return undefined;
  }
}

export class LocalFieldError extends ApiError {
  constructor(field: string, message: string) {
    super({ code: 'ANAGRAFE_FORM', message, field });
  }
}

/**
 * Turns a typed place into ANPR's tipoLuogoEvento / tipoProvenienza, or throws a LocalFieldError at
 * `field`. `date` and `kind` are the ones the PlaceField was given, so its suggestions answer here.
 */
export async function resolvePlace(v: PlaceValue, date: string | undefined, label: string, field: string, kind?: 'comune' | 'stato') {
  const text = v.text.trim().toUpperCase();
  if (!text) throw new LocalFieldError(field, `${label}: ${m.form.required}`);
  const name = text.replace(/\s*\(.*$/, '').trim();
  const sigla = /\(([A-Z]{2})\)\s*$/.exec(text)?.[1];
  const found = await findPlaces({ prefix: name, kind, date });
  const exact = found.filter((p) => p.name === name && (!sigla || p.siglaProvincia === sigla));
  const place = exact.find((p) => placeLabel(p) === text) ?? exact[0];
  if (!place) throw new LocalFieldError(field, m.form.placeUnknown(label));
  if (place.kind === 'comune') {
    return {
      comune: {
        nomeComune: place.name,
        ...(place.codiceIstat ? { codiceIstat: place.codiceIstat } : {}),
        siglaProvinciaIstat: place.siglaProvincia ?? 'EE',
      },
    };
  }
  const codiceStato = place.codiceIstat ?? v.codiceStato.trim();
  if (!/^\d{3}$/.test(codiceStato)) throw new LocalFieldError(field, m.form.stateCodeMissing);
  return { localita: { descrizioneStato: place.name, codiceStato } };
}

/** Drops empty strings and empty objects so the rules report "manca" on the right field. */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = clean(x);
      if (c === '' || c === undefined || (c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0)) continue;
      out[k] = c;
    }
    return out as T;
  }
  return typeof v === 'string' ? (v.trim() as T) : v;
}

export interface FormContext {
  info: AnagrafeInfo;
  person: PersonView | null;
  /** The message for the field at `path` (payload path), when the refusal names it. */
  err(path: string): string | undefined;
}

export interface FormSpec {
  fields: ReactNode;
  /** The payload; problems the form finds itself go to `issues` when given, else are thrown. */
  build(issues?: FormIssue[]): Promise<unknown>;
  /** Optional content above the fields (e.g. the card reader). */
  before?: ReactNode;
}

/** The form of one pratica type: its fields and how they become the payload. */
export type PraticaFormComponent = (props: { ctx: FormContext; children(spec: FormSpec): ReactNode }) => ReactNode;
