import { useState, type FormEvent } from 'react';
import { call } from '../api';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useAction } from '../components/useAction';
import { t } from '../messages/it';
import { useSession } from '../stores/session';

/** Shown instead of everything else while the workstation is locked: no personal data on screen. */
export function Locked({ displayName }: { displayName: string }) {
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const setSession = useSession((s) => s.set);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = await run(() => call('session.unlock', { password }));
    setPassword('');
    if (s) setSession(s);
  }
  async function otherUser() {
    const s = await run(() => call('session.logout', {}));
    if (s) setSession(s);
  }

  return (
    <main id="main" className="container my-5" tabIndex={-1}>
      <div className="row justify-content-center">
        <form className="col-12 col-md-6 col-lg-4" onSubmit={submit} aria-labelledby="lock-title">
          <h1 id="lock-title" className="h3 mb-3">
            {t.lock.title}
          </h1>
          <p>{t.lock.intro(displayName)}</p>
          {error && <Notice kind="error">{error.message}</Notice>}
          <Field
            label={t.lock.password}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
            autoFocus
          />
          <div className="d-flex gap-2 flex-wrap">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t.lock.submit}
            </button>
            <button type="button" className="btn btn-outline-primary" onClick={otherUser} disabled={busy}>
              {t.lock.otherUser}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
