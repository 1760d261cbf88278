import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api';
import type { OutputOf } from '../../electron/contract';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { ScreenTitle } from '../components/ScreenTitle';
import { ClosingReport } from './ClosingReport';
import { useAction } from '../components/useAction';
import { t } from '../messages/it';
import { useSession } from '../stores/session';

type Operator = OutputOf<'operators.list'>[number];
type FailedLogin = OutputOf<'operators.failedLogins'>[number];
/** "02/04/2026, 09:15:03": gg/mm/aaaa like every date on screen (dateStyle 'short' gave a two-digit year). */
const romeTime = (iso: string) =>
  new Date(iso).toLocaleString('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
const ROLES = ['responsabile', 'anagrafe', 'cie', 'cassa'] as const;

export function Operators() {
  const m = t.operators;
  const [list, setList] = useState<Operator[]>([]);
  const [form, setForm] = useState({ displayName: '', username: '', codiceFiscale: '', password: '' });
  const [roles, setRoles] = useState<string[]>(['anagrafe']);
  const [done, setDone] = useState<string | null>(null);
  const session = useSession((s) => s.session)!;
  const [idle, setIdle] = useState(String(session.idleMinutes));
  const { busy, error, run, fieldError } = useAction();
  const [failed, setFailed] = useState<FailedLogin[]>([]);
  const reload = () => call('operators.list', {}).then(setList);
  useEffect(() => {
    void reload();
    void call('operators.failedLogins', {}).then(setFailed);
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const op = await run(() =>
      call('operators.create', {
        ...form,
        codiceFiscale: form.codiceFiscale.trim() ? form.codiceFiscale : null,
        roles: roles as Operator['roles'],
      }),
    );
    if (op) {
      setDone(m.created(op.username));
      setForm({ displayName: '', username: '', codiceFiscale: '', password: '' });
      await reload();
    }
  }

  async function saveIdle(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (await run(() => call('settings.setIdleMinutes', { minutes: Number(idle) }))) setDone(m.idleSaved);
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      {done && <Notice kind="success">{done}</Notice>}
      {error && !error.field && <Notice kind="error">{error.message}</Notice>}
      <table className="table">
        <caption className="visually-hidden">{m.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t.setup.displayName}</th>
            <th scope="col">{t.setup.username}</th>
            <th scope="col">{m.roles}</th>
            <th scope="col">{m.active}</th>
            <th scope="col">
              <span className="visually-hidden">Azioni</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr key={o.id}>
              <td>{o.displayName}</td>
              <td>{o.username}</td>
              <td>{o.roles.map((r) => m.roleNames[r]).join(', ')}</td>
              <td>{o.active ? m.active : m.disabled}</td>
              <td>
                {o.id !== session.operator?.id && (
                  <button
                    type="button"
                    className="btn btn-sm btn-outline-primary"
                    onClick={() => run(() => call('operators.setActive', { id: o.id, active: !o.active })).then(reload)}
                  >
                    {o.active ? m.disable : m.enable} <span className="visually-hidden">{o.username}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form onSubmit={create} className="mt-4" aria-labelledby="new-op">
        <h2 id="new-op" className="h5">
          {m.add}
        </h2>
        <div className="row">
          <div className="col-md-6">
            <Field
              label={t.setup.displayName}
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
              error={fieldError('displayName')}
            />
          </div>
          <div className="col-md-6">
            <Field
              label={t.setup.username}
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
              error={fieldError('username')}
            />
          </div>
          <div className="col-md-6">
            <Field
              label={t.setup.codiceFiscale}
              value={form.codiceFiscale}
              maxLength={16}
              onChange={(e) => setForm({ ...form, codiceFiscale: e.target.value })}
              error={fieldError('codiceFiscale')}
            />
          </div>
          <div className="col-md-6">
            <Field
              label={t.setup.password}
              type="password"
              autoComplete="new-password"
              value={form.password}
              help={t.setup.passwordHelp}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              error={fieldError('password')}
            />
          </div>
        </div>
        <fieldset className="mb-3">
          <legend className="h6">{m.roles}</legend>
          {ROLES.map((r) => (
            <div className="form-check form-check-inline" key={r}>
              <input
                className="form-check-input"
                type="checkbox"
                id={`role-${r}`}
                checked={roles.includes(r)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
              <label className="form-check-label" htmlFor={`role-${r}`}>
                {m.roleNames[r]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.add}
        </button>
      </form>

      <section className="mt-5" aria-labelledby="failed-title" data-testid="failed-logins">
        <h2 id="failed-title" className="h5">
          {m.failedTitle}
        </h2>
        <p>{m.failedIntro}</p>
        {failed.length === 0 ? (
          <p>{m.failedEmpty}</p>
        ) : (
          <table className="table table-sm">
            <caption className="visually-hidden">{m.failedTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.failedWhen}</th>
                <th scope="col">{m.failedUsername}</th>
                <th scope="col">{m.failedOutcome}</th>
              </tr>
            </thead>
            <tbody>
              {failed.map((f) => (
                <tr key={f.seq}>
                  <td className="text-nowrap">{romeTime(f.at)}</td>
                  <td>{f.username}</td>
                  <td>
                    {m.failedReasons[f.reason]} ({m.failedVia[f.via]})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <form onSubmit={saveIdle} className="mt-5" aria-labelledby="idle-title">
        <h2 id="idle-title" className="h5">
          {m.idleTitle}
        </h2>
        <div className="row align-items-end">
          <div className="col-md-4">
            <Field
              label={m.idleLabel}
              type="number"
              min={1}
              max={60}
              value={idle}
              onChange={(e) => setIdle(e.target.value)}
              error={fieldError('minutes')}
            />
          </div>
          <div className="col-md-2 mb-3">
            <button type="submit" className="btn btn-outline-primary" disabled={busy}>
              {m.save}
            </button>
          </div>
        </div>
      </form>

      <ClosingReport />
    </section>
  );
}
