import { useState, type FormEvent } from 'react';
import { call } from '../api';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useAction } from '../components/useAction';
import { t } from '../messages/it';
import { useSession } from '../stores/session';

export function Login() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const setSession = useSession((s) => s.set);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = await run(() => call('session.login', { username, password }));
    if (s) setSession(s);
    else setPassword('');
  }

  return (
    <main id="main" className="container my-5" tabIndex={-1}>
      <div className="row justify-content-center">
        <form className="col-12 col-md-6 col-lg-4" onSubmit={submit} aria-labelledby="login-title">
          <h1 id="login-title" className="h3 mb-4">
            {t.login.title}
          </h1>
          {error && <Notice kind="error">{error.message}</Notice>}
          <Field
            label={t.login.username}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
          <Field
            label={t.login.password}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t.login.submit}
          </button>
        </form>
      </div>
    </main>
  );
}
