import { useEffect, useState } from 'react';
import { call } from './api';
import { Header } from './components/Header';
import { Notice } from './components/Notice';
import { t } from './messages/it';
import { setupText } from './messages/setup';
import { FirstRun } from './screens/FirstRun';
import { Locked } from './screens/Locked';
import { Login } from './screens/Login';
import { Menu, menuScreens } from './screens/Menu';
import { useNav } from './stores/nav';
import { useSession } from './stores/session';

const ACTIVITY_THROTTLE_MS = 20_000;
const ACTIVITY_DELAY_MS = 1_000;

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
        const visible = menuScreens(s);
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

  const visible = menuScreens(session);
  const current = visible.find((d) => d.id === screen) ?? visible[0];
  const Screen = current.component;
  return (
    <>
      <a className="visually-hidden-focusable skiplink" href="#main">
        {t.app.skipToContent}
      </a>
      {band}
      <Header onOpenSync={() => go('sync', null)} />
      <div className="container-fluid">
        <div className="row">
          <div className="col-12 col-lg-3 col-xl-2 menu-column">
            <Menu visible={visible} current={current.id} go={go} />
          </div>
          <main id="main" className="col-12 col-lg-9 col-xl-10 py-3" tabIndex={-1} key={current.id}>
            <Screen />
          </main>
        </div>
      </div>
    </>
  );
}
