import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ReadCieButton, type CiePrefill } from '../../components/ReadCie';
import { ScreenTitle } from '../../components/ScreenTitle';
import { anagrafeText as m } from '../../messages/anagrafe';
import { useNav } from '../../stores/nav';
import { AnprConsult } from './AnprConsult';
import { formatDate } from './inputs';

type Hit = OutputOf<'anagrafe.search'>[number];

/** The back end answers up to SHOWN + 1 persons: the extra one only says that there are more. */
const SHOWN = 20;

/** Search as you type; Enter opens the first person found; the CIE finds the person by codice fiscale. */
export function Search() {
  const go = useNav((s) => s.go);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const seq = useRef(0);

  async function runSearch(q: string): Promise<Hit[]> {
    const mine = ++seq.current;
    try {
      const found = q.trim() ? await call('anagrafe.search', { query: q }) : [];
      // Only the latest keystroke's answer is shown.
      if (mine === seq.current) {
        setHits(q.trim() ? found : null);
        setError(null);
      }
      return found;
    } catch (e) {
      if (mine === seq.current) setError((e as Error).message);
      return [];
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => void runSearch(query), 120);
    return () => clearTimeout(timer);
  }, [query]);

  const open = (h: Hit) => go('anagrafe', `persona:${h.id}`);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = await runSearch(query);
    if (found.length > 0) open(found[0]);
  }

  async function fromCard(c: CiePrefill) {
    setNote(null);
    if (!c.codiceFiscale) {
      setNote(m.search.cardNoCf);
      setQuery(`${c.cognome} ${c.nome}`);
      return;
    }
    setQuery(c.codiceFiscale);
    const found = await runSearch(c.codiceFiscale);
    const exact = found.filter((h) => h.codiceFiscale === c.codiceFiscale!.toUpperCase());
    if (exact.length === 1) open(exact[0]);
    else if (exact.length === 0) setNote(m.search.cardNotFound);
  }

  return (
    <section>
      <ScreenTitle>{m.search.title}</ScreenTitle>
      <form role="search" onSubmit={submit} aria-label={m.search.title}>
        <div className="row align-items-start">
          <div className="col-lg-8">
            <Field
              label={m.search.label}
              help={m.search.help}
              value={query}
              type="search"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="anagrafe-search"
            />
          </div>
          <div className="col-lg-4 pt-lg-4">
            <ReadCieButton onRead={(c) => void fromCard(c)} />
          </div>
        </div>
      </form>
      {note && <Notice kind="info">{note}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <p role="status" className="small" data-testid="search-count">
        {hits === null ? '' : hits.length === 0 ? m.search.none : m.search.count(hits.length, SHOWN)}
      </p>
      {hits && hits.length === 0 && <AnprConsult key={query} query={query} />}
      {hits && hits.length > 0 && (
        <table className="table table-hover" data-testid="search-results">
          <caption className="visually-hidden">{m.search.results}</caption>
          <thead>
            <tr>
              <th scope="col">{m.search.name}</th>
              <th scope="col">{m.search.cf}</th>
              <th scope="col">{m.search.born}</th>
              <th scope="col">{m.search.address}</th>
              <th scope="col">{m.search.state}</th>
              <th scope="col">
                <span className="visually-hidden">{m.search.open}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hits.slice(0, SHOWN).map((h) => (
              <tr key={h.id}>
                <th scope="row">{[h.cognome, h.nome].filter(Boolean).join(' ')}</th>
                <td className="font-monospace">{h.codiceFiscale}</td>
                <td>{formatDate(h.dataNascita)}</td>
                <td>{h.indirizzo}</td>
                <td>
                  {m.status[h.status] ?? h.status}
                  {h.inAttesa && <span className="badge bg-warning text-dark ms-2">{m.pratica.in_attesa}</span>}
                </td>
                <td>
                  <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => open(h)}>
                    {m.search.open}
                    <span className="visually-hidden"> {[h.cognome, h.nome].filter(Boolean).join(' ')}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="h5 mt-4">{m.search.newTitle}</h2>
      <div className="d-flex gap-2 flex-wrap">
        <button type="button" className="btn btn-outline-primary" onClick={() => go('anagrafe', 'pratica:1001')}>
          {m.search.new1001}
        </button>
        <button type="button" className="btn btn-outline-primary" onClick={() => go('anagrafe', 'pratica:1002')}>
          {m.search.new1002}
        </button>
      </div>
    </section>
  );
}
