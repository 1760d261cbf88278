import { useEffect, useState } from 'react';
import { call } from './api';
import { hasRole } from '../electron/core/auth/roles';
import { Header } from './components/Header';
import { Notice } from './components/Notice';
import { t } from './messages/it';
import { setupText } from './messages/setup';
import { FirstRun } from './screens/FirstRun';
import { Locked } from './screens/Locked';
import { Login } from './screens/Login';
import { screens } from './screens/registry';
import { useNav } from './stores/nav';
import { useSession, type SessionView } from './stores/session';

const ACTIVITY_THROTTLE_MS = 20_000;
const ACTIVITY_DELAY_MS = 1_000;

/** The menu this operator sees: screens of their roles, demo-only screens only in demo mode. */
function visibleScreens(session: SessionView) {
  return screens.filter((d) => (d.role === 'any' || hasRole(session.operator!.roles, d.role)) && (!d.demoOnly || session.demo));
}

export function App() {
  const session = useSession((s) => s.session);
  const load = useSession((s) => s.load);
  const set = useSession((s) => s.set);
  const { screen, go } = useNav();

  // If the back end cannot be reached at all (down, or a stale launch link), the clerk is told why.
  const [unreachable, setUnreachable] = useState<string | null>(null);
  useEffect(() => {
    load().catch((e: Error) => setUnreachable(e.message));
  }, [load]);
  // A new sign-in starts from the home screen; unlocking returns to where the clerk was.
  useEffect(() => {
    if (session?.status === 'signed-out') go('home');
  }, [session?.status, go]);

  // Keyboard: Ctrl+Shift+L locks; Alt+1…9 opens the menu's screens. Clerk input postpones the idle lock.
  useEffect(() => {
    let last = 0;
    const activity = () => {
      const s = useSession.getState().session;
      // Tell the back end often enough that a short idle setting never locks a working clerk.
      const every = Math.min(ACTIVITY_THROTTLE_MS, ((s?.idleSeconds ?? 300) * 1000) / 4);
      if (s?.status !== 'active' || Date.now() - last < every) return;
      last = Date.now();
      // A moment later: the key that shows the clerk is there often saves, and goes first.
      setTimeout(() => void call('session.activity', {}).catch(() => undefined), ACTIVITY_DELAY_MS);
    };
    const onKey = async (e: KeyboardEvent) => {
      activity();
      const s = useSession.getState().session;
      if (s?.status !== 'active') return;
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        set(await call('session.lock', {}));
      } else if (e.altKey && /^[1-9]$/.test(e.key)) {
        const visible = visibleScreens(s);
        const target = visible[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          go(target.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', activity);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', activity);
    };
  }, [go, set]);

  // Demo and production are never confused: demo carries this band on every screen.
  const band = session?.demo ? (
    <div className="demo-band" role="note" data-testid="demo-band">
      {setupText.demoBand}
    </div>
  ) : null;
  if (!session) {
    return (
      <main id="main" className="container my-5">
        {unreachable ? <Notice kind="error">{unreachable}</Notice> : <p role="status">{t.app.loading}</p>}
      </main>
    );
  }
  if (session.setupRequired)
    return (
      <>
        {band}
        <FirstRun />
      </>
    );
  if (session.status === 'signed-out')
    return (
      <>
        {band}
        <Login />
      </>
    );
  if (session.status === 'locked')
    return (
      <>
        {band}
        <Locked displayName={session.operator?.displayName ?? ''} />
      </>
    );

  const visible = visibleScreens(session);
  const current = visible.find((d) => d.id === screen) ?? visible[0];
  const Screen = current.component;
  return (
    <>
      <a className="visually-hidden-focusable skiplink" href="#main">
        {t.app.skipToContent}
      </a>
      {band}
      <Header />
      <div className="container-fluid">
        <div className="row">
          <nav className="col-md-3 col-lg-2 py-3 border-end" aria-label={t.nav.label}>
            <ul className="nav flex-column">
              {visible.map((d, i) => (
                <li className="nav-item" key={d.id}>
                  <button
                    type="button"
                    className={`btn btn-link nav-link text-start${d.id === current.id ? ' fw-bold' : ''}`}
                    aria-current={d.id === current.id ? 'page' : undefined}
                    aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
                    onClick={() => go(d.id)}
                    data-testid={`nav-${d.id}`}
                  >
                    {d.title}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="col-md-9 col-lg-10 py-3" tabIndex={-1} key={current.id}>
            <Screen />
          </main>
        </div>
      </div>
    </>
  );
}
