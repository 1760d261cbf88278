/**
 * Writes a pratica's `richiesta` object as the XML children of RichiestaNNNN in XSD order
 * (xsd-order.ts). Arrays become repeated elements; undefined values vanish; a key the table does
 * not know is an error (ANPR would lose it silently otherwise).
 */
import { SportelloError } from '../../../core/errors';
import { el, txt } from '../xml-build';
import { XSD_ORDER } from './xsd-order';

function unknownField(path: string): never {
  throw new SportelloError(
    'ANPR_FIELD_UNEXPECTED',
    "La pratica contiene un dato che il servizio ANPR non prevede. Segnalare il problema all'assistenza Sportello.",
    { path },
  );
}

function element(name: string, type: string | null, value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v, i) => element(name, type, v, `${path}[${i}]`)).join('');
  if (type === null) {
    if (typeof value === 'object') unknownField(path);
    return txt(name, String(value));
  }
  if (typeof value !== 'object') unknownField(path);
  return el(name, children(type, value as Record<string, unknown>, path));
}

/** The children of one complex element of XSD type `type`. */
export function children(type: string, value: Record<string, unknown>, path = type): string {
  const spec = XSD_ORDER[type];
  if (!spec) unknownField(path);
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined && !spec.some(([n]) => n === key)) unknownField(`${path}.${key}`);
  }
  return spec.map(([name, childType]) => element(name, childType, value[name], `${path}.${name}`)).join('');
}
