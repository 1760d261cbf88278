import { hasRole } from '../../../electron/core/auth/roles';
import { pagopaMessages as P } from '../../messages/pagopa';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { useNoticeDraft, type NoticeDraft } from './draft';

export interface IssueNoticeButtonProps {
  /** Who pays: name as it goes on the notice ("Mario Rossi") and codice fiscale. */
  debtor: { fullName: string; codiceFiscale: string };
  /** Catalogue codes to charge, e.g. ["CIE-STATO", "CIE-COMUNE"] (at most 5). */
  items: string[];
  /** Links the notice to a registry person and/or a CIE appointment. */
  personId?: string | null;
  appointmentId?: string | null;
  label?: string;
  className?: string;
}

/**
 * Opens "Nuovo avviso pagoPA" already filled in: the clerk checks the due date and presses Invio.
 * Renders nothing for operators without the cassa role.
 */
export function IssueNoticeButton({ debtor, items, personId, appointmentId, label, className }: IssueNoticeButtonProps) {
  const roles = useSession((s) => s.session?.operator?.roles);
  const go = useNav((s) => s.go);
  if (!roles || !hasRole(roles, 'cassa')) return null;
  const draft: NoticeDraft = { debtor, items, personId, appointmentId };
  return (
    <button
      type="button"
      className={className ?? 'btn btn-outline-primary'}
      onClick={() => {
        useNoticeDraft.getState().set(draft);
        go('pagopa-issue');
      }}
    >
      {label ?? P.button.issue}
    </button>
  );
}
