import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { hasRole } from '../../../electron/core/auth/roles';
import { formatDateIt } from '../../../electron/core/forms/dates';
import { romeDate } from '../../../electron/core/rome-time';
import { ApiError, call } from '../../api';
import { Notice } from '../../components/Notice';
import { t } from '../../messages/it';
import { setupText } from '../../messages/setup';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';

/** An instant's date in Rome, gg/mm/aaaa like every date on screen. */
const shortDate = (iso: string) => formatDateIt(romeDate(iso));

/** On the home screen: certificates expiring within 30 days, and (for the responsabile) an unfinished set-up. */
export function HomeSetupNotices() {
  const m = setupText.home;
  const session = useSession((s) => s.session);
  const go = useNav((s) => s.go);
  const [w, setW] = useState<OutputOf<'setup.warnings'> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    call('setup.warnings', {})
      .then(setW)
      .catch((e: unknown) => setFailed(e instanceof ApiError ? e.message : t.errors.generic));
  }, []);
  if (failed) {
    return (
      <div data-testid="home-setup-notices">
        <Notice kind="warning">
          {m.warningsFailed} <span className="small">{failed}</span>
        </Notice>
      </div>
    );
  }
  if (!w) return null;
  const responsabile = !!session?.operator && hasRole(session.operator.roles, 'responsabile');
  return (
    <div data-testid="home-setup-notices">
      {w.certificates.map((c) => (
        <Notice key={c.role} kind={c.daysLeft < 0 ? 'error' : 'warning'}>
          {m.certExpiring(m.who[c.role], c.commonName, c.daysLeft, shortDate(c.notAfter))}
        </Notice>
      ))}
      {w.setupIncomplete && responsabile && (
        <div className="alert alert-info" role="status">
          <p>{m.incomplete}</p>
          <button type="button" className="btn btn-primary" onClick={() => go('setup')}>
            {m.openSetup}
          </button>
        </div>
      )}
    </div>
  );
}
