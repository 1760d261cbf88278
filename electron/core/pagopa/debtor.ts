/**
 * Who pays a notice, taken from a person's record or a CIE appointment (whose first person is the
 * debtor). Either read is audited.
 */
import { readPersonRecord } from '../anagrafe/registry';
import { appendAudit } from '../audit/log';
import { getBooking } from '../cie/booking-store';
import { ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';

export interface Debtor {
  fullName: string;
  codiceFiscale: string;
  personId: string | null;
  appointmentId: string | null;
}

export function debtorOf(db: Db, actor: Actor, from: { personId?: string | null; appointmentId?: string | null }): Debtor {
  const { personId, appointmentId } = from;
  if (personId) {
    const { person } = readPersonRecord(db, actor, personId);
    return {
      fullName: [person.nome, person.cognome].filter(Boolean).join(' '),
      codiceFiscale: person.codice_fiscale ?? '',
      personId: person.id,
      appointmentId: appointmentId ?? null,
    };
  }
  if (appointmentId) {
    return withTx(db, (tx) => {
      const b = getBooking(tx, appointmentId);
      const p = b.people[0];
      appendAudit(tx, actor, { action: 'pagopa.debtor.read', entityType: 'cie_booking', entityId: b.id, detail: {} });
      return {
        fullName: p ? `${p.givenNames} ${p.surname}` : '',
        codiceFiscale: p?.codiceFiscale ?? '',
        personId: p?.personId ?? null,
        appointmentId: b.id,
      };
    });
  }
  throw new ValidationError('PAGOPA_DEBTOR_SOURCE', "Indicare la persona o l'appuntamento da cui prendere i dati.", 'personId');
}
