import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { CheckField, Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { ScrollTable } from '../../components/ScrollTable';
import { useAction } from '../../components/useAction';
import { ioText } from '../../messages/io';

type View = OutputOf<'io.settings.get'>;
type Service = View['services'][number];
type Topic = Service['topics'][number];

const TOPICS: Topic[] = ['cie', 'pagopa'];

/** Impostazioni › App IO: the Comune's IO services, each with its key (shown only by its last four characters). */
export function IoSettings() {
  const m = ioText.settings;
  const [view, setView] = useState<View | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [name, setName] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [topics, setTopics] = useState<Topic[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();

  const show = (v: View) => {
    setView(v);
    setEndpoint(v.endpoint);
  };
  useEffect(() => {
    void call('io.settings.get', {})
      .then(show)
      .catch(() => undefined);
  }, []);

  const edit = (s: Service | 'new') => {
    setEditing(s);
    setName(s === 'new' ? '' : s.name);
    setApiKey('');
    setTopics(s === 'new' ? [] : s.topics);
    setDone(null);
  };

  async function saveService(e: FormEvent) {
    e.preventDefault();
    const id = editing !== 'new' && editing ? editing.id : undefined;
    const v = await run(() => call('io.settings.saveService', { id, name, apiKey: apiKey || null, topics }));
    if (v) {
      show(v);
      setEditing(null);
      setDone(m.saved);
    }
  }

  async function saveEndpoint(e: FormEvent) {
    e.preventDefault();
    const v = await run(() => call('io.settings.saveEndpoint', { endpoint }));
    if (v) {
      show(v);
      setDone(m.endpointSaved);
    }
  }

  async function remove(s: Service) {
    const v = await run(() => call('io.settings.removeService', { id: s.id }));
    if (v) {
      show(v);
      setDone(m.removed);
    }
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <h2 className="h4">{m.services}</h2>
      {view && view.services.length === 0 && <p>{m.noServices}</p>}
      {view && view.services.length > 0 && (
        <ScrollTable>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{m.colName}</th>
                <th scope="col">{m.colKey}</th>
                <th scope="col">{m.colTopics}</th>
                <th scope="col">{m.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {view.services.map((s) => (
                <tr key={s.id} data-testid="io-service">
                  <th scope="row" className="fw-normal">
                    {s.name}
                  </th>
                  <td className="font-monospace">{s.keyHint}</td>
                  <td>{s.topics.map((t) => m.topic[t]).join('; ')}</td>
                  <td>
                    <div className="d-flex gap-1 flex-wrap">
                      <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => edit(s)}>
                        {m.edit(s.name)}
                      </button>
                      <button type="button" className="btn btn-sm btn-outline-danger" disabled={busy} onClick={() => remove(s)}>
                        {m.remove(s.name)}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {editing === null ? (
        <button type="button" className="btn btn-primary mb-4" onClick={() => edit('new')}>
          {m.add}
        </button>
      ) : (
        <form className="card card-bg p-3 mb-4" onSubmit={saveService} data-testid="io-service-form">
          <Field label={m.name} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} autoFocus />
          <Field
            label={m.key}
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            help={editing === 'new' ? m.keyHelpNew : m.keyHelpEdit(editing.keyHint)}
            error={fieldError('apiKey')}
          />
          <fieldset>
            <legend className="h6">{m.topics}</legend>
            {TOPICS.map((t) => (
              <CheckField
                key={t}
                label={m.topic[t]}
                checked={topics.includes(t)}
                onChange={(on) => setTopics((cur) => (on ? [...cur.filter((x) => x !== t), t] : cur.filter((x) => x !== t)))}
              />
            ))}
            {fieldError('topics') && (
              <div className="invalid-feedback d-block" role="alert">
                {fieldError('topics')}
              </div>
            )}
          </fieldset>
          <div className="d-flex gap-2 mt-3">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {m.save}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setEditing(null)}>
              {m.cancel}
            </button>
          </div>
        </form>
      )}
      <form onSubmit={saveEndpoint} className="mb-3">
        <Field
          label={m.endpoint}
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
          help={m.endpointHelp}
          error={fieldError('endpoint')}
        />
        <button type="submit" className="btn btn-outline-primary" disabled={busy}>
          {m.saveEndpoint}
        </button>
      </form>
    </section>
  );
}
