import { SportelloError } from '../errors';
import type { Db } from './types';

declare const inTransaction: unique symbol;

/**
 * A database handle inside a transaction. Only withTx makes one, so a function that asks for a
 * TxDb (enqueue, appendAudit, the outbox handlers' callbacks) cannot be called outside a
 * transaction: the type checker refuses a plain Db. A TxDb is still a Db, for every reader.
 */
export type TxDb = Db & { readonly [inTransaction]: true };

/**
 * Runs fn in one transaction (better-sqlite3's `db.transaction`): committed when fn returns,
 * rolled back when it throws. Called inside another withTx (with a TxDb) it opens a savepoint:
 * a throw in the inner fn undoes only the inner writes if the outer fn catches it, and nothing
 * commits before the outermost transaction does. fn must be synchronous: better-sqlite3 refuses a
 * function that returns a promise.
 */
export function withTx<T>(db: Db, fn: (tx: TxDb) => T): T {
  return db.transaction(() => fn(db as TxDb))();
}

/**
 * The brand is a compile-time promise; this keeps it at run time for the writes that must commit
 * with their business record (enqueue, appendAudit): a TxDb kept in a closure and used after its
 * transaction ended would otherwise write in autocommit, alone. One property read, no query.
 */
export function assertInTx(db: TxDb, what: string): void {
  if (!db.inTransaction) {
    throw new SportelloError(
      'STORE_NO_TX',
      `Errore interno: ${what} fuori dalla sua transazione. Riprovare; se si ripete, contattare l'assistenza.`,
    );
  }
}
