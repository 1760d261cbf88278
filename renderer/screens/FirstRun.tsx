import { useState, type FormEvent } from 'react';
import { call } from '../api';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useAction } from '../components/useAction';
import { t } from '../messages/it';
import { useSession } from '../stores/session';

export function FirstRun() {
  const [form, setForm] = useState({ displayName: '', username: '', codiceFiscale: '', password: '', confirm: '' });
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const setSession = useSession((s) => s.set);
  const m = t.setup;
  const upd = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (form.password !== form.confirm) return setMismatch(true);
    setMismatch(false);
    const s = await run(() =>
      call('session.setup', {
        displayName: form.displayName,
        username: form.username,
        password: form.password,
        codiceFiscale: form.codiceFiscale.trim() ? form.codiceFiscale : null,
      }),
    );
    if (s) setSession(s);
  }

  return (
    <main id="main" className="container my-5" tabIndex={-1}>
      <div className="row justify-content-center">
        <form className="col-12 col-md-8 col-lg-6" onSubmit={submit} noValidate aria-labelledby="setup-title">
          <h1 id="setup-title" className="h3 mb-3">
            {m.title}
          </h1>
          <p>{m.intro}</p>
          {error && !error.field && <Notice kind="error">{error.message}</Notice>}
          <Field
            label={m.displayName}
            value={form.displayName}
            onChange={upd('displayName')}
            required
            autoComplete="name"
            error={fieldError('displayName')}
            autoFocus
          />
          <Field
            label={m.username}
            value={form.username}
            onChange={upd('username')}
            required
            autoComplete="username"
            error={fieldError('username')}
          />
          <Field
            label={m.codiceFiscale}
            value={form.codiceFiscale}
            onChange={upd('codiceFiscale')}
            autoComplete="off"
            maxLength={16}
            error={fieldError('codiceFiscale')}
          />
          <Field
            label={m.password}
            type="password"
            value={form.password}
            onChange={upd('password')}
            required
            autoComplete="new-password"
            help={m.passwordHelp}
            error={fieldError('password')}
          />
          <Field
            label={m.confirm}
            type="password"
            value={form.confirm}
            onChange={upd('confirm')}
            required
            autoComplete="new-password"
            error={mismatch ? m.mismatch : undefined}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {m.submit}
          </button>
        </form>
      </div>
    </main>
  );
}
