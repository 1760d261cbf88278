/**
 * Place look-ups, remembered for the session: the suggestions asked for while the clerk types are
 * the same answer the form needs when it is saved, so a save does not wait for them again.
 * Places (comuni and states with their validity) do not change while Sportello runs.
 */
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';

export type Place = OutputOf<'anagrafe.places'>[number];
export interface PlaceQuery {
  prefix: string;
  kind?: 'comune' | 'stato';
  date?: string;
}

const REMEMBERED = 300;
const answers = new Map<string, Promise<Place[]>>();

export function findPlaces(q: PlaceQuery): Promise<Place[]> {
  const prefix = q.prefix.trim().toUpperCase();
  const key = `${prefix}|${q.kind ?? ''}|${q.date ?? ''}`;
  const known = answers.get(key);
  if (known) return known;
  const asked = call('anagrafe.places', { prefix, kind: q.kind, date: q.date || undefined });
  answers.set(key, asked);
  // A refusal (locked session, host restarting) is not remembered.
  asked.catch(() => answers.delete(key));
  if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value!);
  return asked;
}
