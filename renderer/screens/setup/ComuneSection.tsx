import { useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { StepCard, type SetupView, unplacedError } from './StepCard';

type Place = OutputOf<'setup.comuni.search'>[number];
const COMUNE_FIELDS = ['codiceIstat', 'cap', 'cfEnte'];

/** Step 1: the Comune, chosen from the archive of comuni, with its ISTAT code, CAP and codice fiscale. */
export function ComuneSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.comune;
  const c = view.comune;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Place[] | null>(null);
  const [place, setPlace] = useState<{ nome: string; provincia: string; codiceCatastale: string } | null>(
    c ? { nome: c.nome, provincia: c.provincia, codiceCatastale: c.codiceCatastale } : null,
  );
  const [istat, setIstat] = useState(c?.codiceIstat ?? '');
  const [cap, setCap] = useState(c?.cap ?? '');
  const [cfEnte, setCfEnte] = useState(c?.cfEnte ?? '');
  const [done, setDone] = useState(false);
  const [certificatesRemoved, setCertificatesRemoved] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  const search = useAction();
  const save = useAction();

  async function find(e: FormEvent) {
    e.preventDefault();
    const r = await search.run(() => call('setup.comuni.search', { query }));
    if (r) setResults(r);
  }
  function choose(p: Place) {
    setPlace({ nome: p.nome, provincia: p.provincia ?? '', codiceCatastale: p.codiceCatastale ?? '' });
    if (p.codiceIstat) setIstat(p.codiceIstat);
    setResults(null);
    setPickError(null);
    setTimeout(() => document.getElementById('setup-comune-chosen')?.focus(), 0);
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    setCertificatesRemoved(false);
    if (!place) {
      setPickError(m.pickFirst);
      return;
    }
    const v = await save.run(() => call('setup.comune.save', { ...place, codiceIstat: istat, cap, cfEnte }));
    if (v) {
      setDone(true);
      // Certificates of the previous Comune are removed on the server: say so, and what to do.
      setCertificatesRemoved((['comune', 'postazione'] as const).some((r) => view.certificates[r] && !v.certificates[r]));
      onSaved(v);
    }
  }

  return (
    <StepCard step="comune">
      <form onSubmit={find} noValidate className="row g-2 align-items-end" role="search">
        <div className="col-md-8">
          <Field
            label={m.search}
            help={m.searchHelp}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            error={search.error?.message}
          />
        </div>
        <div className="col-md-4 mb-5">
          <button type="submit" className="btn btn-outline-primary" disabled={search.busy}>
            {m.searchButton}
          </button>
        </div>
      </form>
      {results &&
        (results.length === 0 ? (
          <p role="status">{m.noResults}</p>
        ) : (
          <ul className="list-unstyled d-flex flex-wrap gap-2" aria-label={m.results}>
            {results.map((p) => (
              <li key={`${p.codiceCatastale}-${p.nome}`}>
                <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => choose(p)}>
                  {m.choose(p.nome, p.provincia ?? '')}
                </button>
              </li>
            ))}
          </ul>
        ))}
      <form onSubmit={submit} noValidate>
        {done && <Notice kind="success">{setupText.saved}</Notice>}
        {certificatesRemoved && <Notice kind="warning">{m.certificatesRemoved}</Notice>}
        {(pickError || unplacedError(save.error, COMUNE_FIELDS)) && (
          <Notice kind="error">{pickError ?? unplacedError(save.error, COMUNE_FIELDS)}</Notice>
        )}
        {place && (
          <dl className="row mb-2" id="setup-comune-chosen" tabIndex={-1} aria-label={m.chosen}>
            <dt className="col-sm-4">{m.nome}</dt>
            <dd className="col-sm-8" data-testid="setup-comune-name">
              {place.nome}
            </dd>
            <dt className="col-sm-4">{m.provincia}</dt>
            <dd className="col-sm-8">{place.provincia}</dd>
            <dt className="col-sm-4">{m.codiceCatastale}</dt>
            <dd className="col-sm-8">{place.codiceCatastale}</dd>
          </dl>
        )}
        <div className="row">
          <div className="col-md-4">
            <Field
              label={m.codiceIstat}
              help={m.codiceIstatHelp}
              inputMode="numeric"
              maxLength={6}
              value={istat}
              onChange={(e) => setIstat(e.target.value)}
              error={save.fieldError('codiceIstat')}
            />
          </div>
          <div className="col-md-3">
            <Field
              label={m.cap}
              inputMode="numeric"
              maxLength={5}
              value={cap}
              onChange={(e) => setCap(e.target.value)}
              error={save.fieldError('cap')}
            />
          </div>
          <div className="col-md-5">
            <Field
              label={m.cfEnte}
              help={m.cfEnteHelp}
              inputMode="numeric"
              maxLength={11}
              value={cfEnte}
              onChange={(e) => setCfEnte(e.target.value)}
              error={save.fieldError('cfEnte')}
            />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={save.busy}>
          {m.save}
        </button>
      </form>
    </StepCard>
  );
}
