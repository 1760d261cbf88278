import type { Db } from './types';

/**
 * Error codes renamed to English (issue 21; the messages stayed Italian), old → new. A database
 * written before keeps the old ones where codes are stored (outbox.last_error_code,
 * anagrafe_pratica.esito_code): the rooms' migrations rewrite them, so a stored refusal reads as a
 * new one (correction rules compare codes). Never the audit log: its entries are hash-chained
 * history and keep the code they were written with.
 */
export const RENAMED_ERROR_CODES: Readonly<Record<string, string>> = {
  ANPR_CAMPO_NON_PREVISTO: 'ANPR_FIELD_UNEXPECTED',
  ANPR_CERTIFICATO_NON_DISPONIBILE: 'ANPR_CERTIFICATE_UNAVAILABLE',
  ANPR_CERTIFICATO_RIFIUTATO: 'ANPR_CERTIFICATE_REFUSED',
  ANPR_CONSULTAZIONE_NON_DISPONIBILE: 'ANPR_LOOKUP_UNAVAILABLE',
  ANPR_CONSULTAZIONE_RIFIUTATA: 'ANPR_LOOKUP_REFUSED',
  ANPR_ESITO_3: 'ANPR_OUTCOME_3',
  ANPR_ESITO_4: 'ANPR_OUTCOME_4',
  ANPR_ID_OPERAZIONE_NON_VALIDO: 'ANPR_OPERATION_ID_INVALID',
  ANPR_INTERROTTO: 'ANPR_INTERRUPTED',
  ANPR_IN_ELABORAZIONE: 'ANPR_IN_PROGRESS',
  ANPR_NON_RAGGIUNGIBILE: 'ANPR_UNREACHABLE',
  ANPR_NOTIFICHE_NON_DISPONIBILI: 'ANPR_NOTIFICATIONS_UNAVAILABLE',
  ANPR_OPERATORE_SENZA_CF: 'ANPR_OPERATOR_WITHOUT_CF',
  ANPR_RISPOSTA_ILLEGGIBILE: 'ANPR_ANSWER_UNREADABLE',
  ANPR_RISPOSTA_INCOERENTE: 'ANPR_ANSWER_INCONSISTENT',
  ANPR_RISPOSTA_MULTIPLA: 'ANPR_ANSWER_SEVERAL_SUBJECTS',
  ANPR_SERVIZIO_SCONOSCIUTO: 'ANPR_SERVICE_UNKNOWN',
  ANAGRAFE_CF_COGNOME: 'ANAGRAFE_CF_SURNAME',
  ANAGRAFE_CF_NOME: 'ANAGRAFE_CF_NAME',
  ANAGRAFE_CF_LUOGO: 'ANAGRAFE_CF_PLACE',
  ANAGRAFE_CF_SESSO: 'ANAGRAFE_CF_SEX',
  ANAGRAFE_CF_DATA: 'ANAGRAFE_CF_BIRTH_DATE',
  ANAGRAFE_RUOLO_MISMATCH: 'ANAGRAFE_ROLE_MISMATCH',
  ANAGRAFE_DECORRENZA_BEFORE_BIRTH: 'ANAGRAFE_EFFECTIVE_DATE_BEFORE_BIRTH',
  ANAGRAFE_DECORRENZA_BEFORE_LAST: 'ANAGRAFE_EFFECTIVE_DATE_BEFORE_LAST',
  ANAGRAFE_DECORRENZA_FUTURE: 'ANAGRAFE_EFFECTIVE_DATE_FUTURE',
  ANAGRAFE_DECORRENZA_MISSING: 'ANAGRAFE_EFFECTIVE_DATE_MISSING',
  SETUP_ID_POSTAZIONE: 'SETUP_ANPR_WORKSTATION_ID',
};

/**
 * Rewrites the old codes in one stored column to the new ones, in one pass over the table (inside
 * the migration's transaction). `table` and `column` are our schema's names, never input.
 */
export function renameStoredCodes(db: Db, table: string, column: string): number {
  const map = JSON.stringify(RENAMED_ERROR_CODES);
  return db
    .prepare(
      `UPDATE ${table} SET ${column} = (SELECT value FROM json_each(@map) WHERE key = ${table}.${column})
       WHERE ${column} IN (SELECT key FROM json_each(@map))`,
    )
    .run({ map }).changes;
}
