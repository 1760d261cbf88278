/**
 * One-time join codes: 12 characters of Crockford's base32 (60 random bits), shown as
 * XXXX-XXXX-XXXX. A code is also the password of a short-lived login role whose name is derived
 * from it, so a workstation reaches the hub with nothing but the address and the code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../../core/errors';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

export function generateJoinCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/** XXXX-XXXX-XXXX, as shown to the person typing it. */
export const formatJoinCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

/** What the person typed, made canonical (case, spaces and dashes ignored; O read as 0, I and L as 1). */
export function normalizeJoinCode(typed: string): string {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) {
    throw new ValidationError(
      'HUB_JOIN_CODE_MALFORMED',
      'Il codice di adesione non è scritto correttamente: sono 12 caratteri (lettere e cifre) come mostrati sul server del Comune.',
      'code',
    );
  }
  return code;
}

/** The join role of a code: the same derivation as sportello.create_join_code in the hub. */
export const joinRoleOf = (code: string): string =>
  `sportello_join_${createHash('sha256').update(code, 'utf8').digest('hex').slice(0, 16)}`;
