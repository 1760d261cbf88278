import { call } from '../api';
import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { countsFor } from './sync-counts';
import { QueueCounts } from './QueueCounts';

/** Comune, operator, workstation, the online indicator (its counts open the Invii screen: `onOpenSync`), and lock / logout. */
export function Header({ onOpenSync }: { onOpenSync(): void }) {
  const session = useSession((s) => s.session)!;
  const sync = useSession((s) => s.sync);
  const set = useSession((s) => s.set);
  const platforms = sync?.platforms ?? [];
  const counts = sync ? countsFor(sync, session.operator?.roles ?? []) : null;
  // A platform paused for credentials answers, but nothing goes to it: not "up".
  const upCount = platforms.filter((p) => (p.health === 'reachable' || p.health === 'degraded') && !p.credentials).length;
  const state = platforms.length === 0 || upCount === 0 ? 'offline' : upCount === platforms.length ? 'online' : 'partial';
  const label = { online: t.header.online, offline: t.header.offline, partial: t.header.partial }[state];
  const badge = { online: 'bg-success', offline: 'bg-danger', partial: 'bg-warning text-dark' }[state];
  const down = platforms.filter((p) => !((p.health === 'reachable' || p.health === 'degraded') && !p.credentials));
  const title =
    state === 'online'
      ? t.header.onlineTitle
      : state === 'partial'
        ? t.header.partialTitle(down.map((p) => t.sync.platformNames[p.platform] ?? p.platform))
        : t.header.offlineTitle;

  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper h-auto">
        <div className="container-fluid d-flex justify-content-between align-items-center flex-wrap gap-2 py-1">
          <span className="text-white">{session.comune?.nome ?? t.app.name}</span>
          <span className="text-white small">
            {t.header.workstation}: {session.workstation.name}
            {session.demo && <span className="badge bg-light text-dark ms-2">{t.app.demoBadge}</span>}
          </span>
        </div>
      </div>
      <div className="it-header-center-wrapper it-small-header h-auto">
        <div className="container-fluid d-flex justify-content-between align-items-center flex-wrap gap-2 py-2">
          <p className="h4 text-white mb-0">{t.app.name}</p>
          <div className="d-flex align-items-center gap-3 flex-wrap">
            <span className={`badge ${badge}`} role="status" data-testid="online-indicator" data-state={state} title={title}>
              {label}
              {counts && counts.toSend + counts.attention > 0 && ' · '}
              {counts && <QueueCounts toSend={counts.toSend} toCheck={counts.attention} onOpen={onOpenSync} />}
            </span>
            <span className="text-white">
              {t.header.operator}: <strong>{session.operator?.displayName}</strong>
            </span>
            <button
              type="button"
              className="btn btn-sm btn-outline-light"
              aria-keyshortcuts="Control+Shift+L"
              title={`${t.header.lock} (${t.header.lockShortcut})`}
              onClick={async () => set(await call('session.lock', {}))}
            >
              {t.header.lock}
            </button>
            <button type="button" className="btn btn-sm btn-light" onClick={async () => set(await call('session.logout', {}))}>
              {t.header.logout}
            </button>
          </div>
        </div>
      </div>
    </header>
  );
}
