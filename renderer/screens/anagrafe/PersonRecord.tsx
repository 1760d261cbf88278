import { useEffect, useRef, useState } from 'react';
import { romeDateTimeText } from '../../../electron/core/rome-time';
import { call, onEvent } from '../../api';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { LEGAME, SESSO, STATO_CIVILE } from '../../../electron/core/anagrafe/code-tables';
import { anagrafeText as m } from '../../messages/anagrafe';
import { t } from '../../messages/it';
import { useNav } from '../../stores/nav';
import { savePdf } from '../../components/download';
import { CheckField, formatDate } from './inputs';
import type { PersonView } from './pratica-kit';

const fullName = (p: { cognome: string | null; nome: string | null }) => [p.cognome, p.nome].filter(Boolean).join(' ');
const STATE_BADGE: Record<string, string> = {
  in_attesa: 'bg-warning text-dark',
  applicata: 'bg-success',
  respinta: 'bg-danger',
  annullata: 'bg-secondary',
};

/** A person's record: data, family, address, history with the ANPR state; pratiche, self-declaration, certificate. */
export function PersonRecord({ id }: { id: string }) {
  const go = useNav((s) => s.go);
  const [p, setP] = useState<PersonView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const pending = useRef(false);

  const load = () =>
    call('anagrafe.person', { id }).then(
      (v) => {
        setP(v);
        setLoadError(null);
      },
      (e: Error) => setLoadError(e.message),
    );
  useEffect(() => void load(), [id]);
  pending.current = Boolean(p?.history.some((h) => h.state === 'in_attesa'));
  // While something waits for ANPR, follow the queue so the answer (and ANPR's ids) show up by themselves.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onEvent('sync', () => {
      if (!pending.current) return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 300);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [id]);

  if (loadError)
    return (
      <>
        <Notice kind="error">{loadError}</Notice>
        <button type="button" className="btn btn-outline-primary" onClick={() => go('anagrafe', null)}>
          {m.record.back}
        </button>
      </>
    );
  if (!p) return <p role="status">{t.app.loading}</p>;
  const resident = p.status === 'residente';
  const open = (code: string) => go('anagrafe', `pratica:${code}:${p.id}`);

  return (
    <section data-testid="person-record" data-person-id={p.id}>
      <ScreenTitle>{m.record.title(fullName(p))}</ScreenTitle>
      <div className="d-flex gap-2 mb-3">
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => go('anagrafe', null)}>
          {m.record.back}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => void load()}>
          {m.record.refresh}
        </button>
      </div>
      {p.anprStatus && (
        <div data-testid="anpr-status">
          <Notice kind="warning">{m.record.pending}</Notice>
        </div>
      )}

      <h2 className="h4">{m.record.data}</h2>
      <dl className="row">
        <Item label={m.record.status} value={m.status[p.status] ?? p.status} testid="person-status" />
        <Item label={m.record.cf} value={p.codiceFiscale ?? (p.anprStatus ? m.record.cfAwaited : '')} mono testid="person-cf" />
        <Item label={m.record.sesso} value={SESSO[p.sesso ?? ''] ?? ''} />
        <Item label={m.record.dataNascita} value={formatDate(p.dataNascita)} />
        <Item label={m.record.luogoNascita} value={p.luogoNascita} />
        <Item label={m.record.cittadinanza} value={p.cittadinanza} />
        <Item label={m.record.statoCivile} value={STATO_CIVILE[p.statoCivile ?? ''] ?? ''} />
        <Item label={m.record.idAnpr} value={p.idAnpr ?? m.record.notYet} mono testid="id-anpr" />
        <Item label={m.record.idScheda} value={p.idSchedaSoggettoAnpr ?? m.record.notYet} mono testid="id-scheda-anpr" />
        {p.history[0] && (
          <Item
            label={m.record.lastPratica}
            value={`${p.history[0].title}: ${m.pratica[p.history[0].state] ?? p.history[0].state}`}
            testid="last-pratica-state"
          />
        )}
      </dl>

      <h2 className="h4">{m.record.address}</h2>
      <p data-testid="person-address">
        {p.address ? `${p.address.text} (${m.record.since} ${formatDate(p.address.validFrom)})` : m.record.noAddress}
      </p>

      <h2 className="h4">{m.record.family}</h2>
      {p.family ? (
        <>
          <p className="small">
            {m.record.familyId}: <span className="font-monospace">{p.family.id}</span> · {m.record.familyAnpr}:{' '}
            <span className="font-monospace">{p.family.idFamigliaAnpr ?? m.record.notYet}</span>
          </p>
          <table className="table table-sm" data-testid="family-members">
            <caption className="visually-hidden">{m.record.family}</caption>
            <thead>
              <tr>
                <th scope="col">{m.search.name}</th>
                <th scope="col">{m.record.relation}</th>
                <th scope="col">{m.record.cf}</th>
                <th scope="col">{m.record.dataNascita}</th>
              </tr>
            </thead>
            <tbody>
              {p.family.members.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {x.id === p.id ? (
                      fullName(x)
                    ) : (
                      <button type="button" className="btn btn-link p-0 text-start" onClick={() => go('anagrafe', `persona:${x.id}`)}>
                        {fullName(x)}
                      </button>
                    )}
                  </th>
                  <td>{LEGAME[x.codiceLegame ?? ''] ?? LEGAME['99']}</td>
                  <td className="font-monospace">{x.codiceFiscale}</td>
                  <td>{formatDate(x.dataNascita)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>{m.record.noFamily}</p>
      )}

      <h2 className="h4">{m.record.history}</h2>
      {p.history.length === 0 ? <p>{m.record.noHistory}</p> : <History p={p} />}
      {p.anprNotifications.length > 0 && <AnprNotifications p={p} />}

      {resident && (
        <>
          <h2 className="h4 mt-4">{m.record.actions}</h2>
          <div className="d-flex gap-2 flex-wrap mb-4">
            {['5005', '5008', '5014', '2001', '2003', '1001', '1002'].map((code) => (
              <button key={code} type="button" className="btn btn-outline-primary" onClick={() => open(code)} data-testid={`start-${code}`}>
                {code === '1001'
                  ? `${m.titles[code]} (in questa famiglia)`
                  : code === '1002'
                    ? `${m.titles[code]} (in questa famiglia)`
                    : m.titles[code]}
              </button>
            ))}
          </div>
          <SelfDeclaration p={p} />
          <CertificateRequest p={p} onQueued={() => void load()} />
        </>
      )}
    </section>
  );
}

function Item({ label, value, mono, testid }: { label: string; value: string; mono?: boolean; testid?: string }) {
  return (
    <div className="col-md-6 col-lg-4 mb-2">
      <dt className="small text-muted fw-normal">{label}</dt>
      <dd className={`mb-0${mono ? ' font-monospace' : ''}`} data-testid={testid}>
        {value || '—'}
      </dd>
    </div>
  );
}

function History({ p }: { p: PersonView }) {
  const { error, run } = useAction();
  async function download(praticaId: string) {
    const f = await run(() => call('anagrafe.certificate.download', { praticaId }));
    if (f) savePdf(f.filename, f.pdfBase64);
  }
  return (
    <>
      {error && <Notice kind="error">{error.message}</Notice>}
      <table className="table table-sm" data-testid="history">
        <caption className="visually-hidden">{m.record.history}</caption>
        <thead>
          <tr>
            <th scope="col">{m.record.praticaCol}</th>
            <th scope="col">{m.record.decorrenzaCol}</th>
            <th scope="col">{m.record.stateCol}</th>
            <th scope="col">{m.record.anprCol}</th>
            <th scope="col">{m.record.createdCol}</th>
          </tr>
        </thead>
        <tbody>
          {p.history.map((h) => (
            <tr key={h.praticaId} data-testid={`history-${h.code}`} data-state={h.state}>
              <th scope="row">{h.title}</th>
              <td>{formatDate(h.decorrenza)}</td>
              <td>
                <span className={`badge ${STATE_BADGE[h.state] ?? 'bg-secondary'}`}>{m.pratica[h.state] ?? h.state}</span>
              </td>
              <td className="small">
                {h.idOperazioneAnpr && (
                  <span className="font-monospace" data-testid="id-operazione-anpr">
                    {h.idOperazioneAnpr}
                  </span>
                )}
                {h.state === 'respinta' && h.esitoCode && (
                  <span>
                    {h.esitoCode}: {h.esitoText}
                  </span>
                )}
                {h.certificateReady && (
                  <button type="button" className="btn btn-sm btn-outline-primary ms-2" onClick={() => void download(h.praticaId)}>
                    {m.record.certDownload}
                  </button>
                )}
              </td>
              <td>{romeDateTimeText(h.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What ANPR notified about the person, each with ANPR's operation number (core/anagrafe/notifications). */
function AnprNotifications({ p }: { p: PersonView }) {
  const n = m.notifications;
  return (
    <>
      <h3 className="h5">{n.title}</h3>
      <p className="small">{n.intro}</p>
      <table className="table table-sm" data-testid="anpr-notifications">
        <caption className="visually-hidden">{n.title}</caption>
        <thead>
          <tr>
            <th scope="col">{n.kindCol}</th>
            <th scope="col">{m.record.decorrenzaCol}</th>
            <th scope="col">{m.record.stateCol}</th>
            <th scope="col">{n.idCol}</th>
            <th scope="col">{n.timeCol}</th>
          </tr>
        </thead>
        <tbody>
          {p.anprNotifications.map((x) => (
            <tr key={x.idOperazioneAnpr} data-testid="anpr-notification" data-state={x.state}>
              <th scope="row">
                {x.title}
                {x.outcome && <div className="small fw-normal">{x.outcome}</div>}
              </th>
              <td>{formatDate(x.decorrenza)}</td>
              <td>{n.state[x.state] ?? x.state}</td>
              <td className="small">
                <span className="font-monospace" data-testid="notification-id-anpr">
                  {x.idOperazioneAnpr}
                </span>{' '}
                ({x.source === 'push' ? n.viaPush : n.viaPoll})
              </td>
              <td>{romeDateTimeText(x.anprAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function SelfDeclaration({ p }: { p: PersonView }) {
  const [chosen, setChosen] = useState<string[]>(['nascita', 'residenza', 'cittadinanza', 'statoFamiglia']);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  async function download() {
    setDone(false);
    const f = await run(() => call('anagrafe.selfDeclaration', { personId: p.id, statements: chosen as never }));
    if (f) {
      savePdf(f.filename, f.pdfBase64);
      setDone(true);
    }
  }
  return (
    <section className="card card-bg mb-4" aria-labelledby="selfdecl-title">
      <div className="card-body">
        <h2 id="selfdecl-title" className="h5">
          {m.record.selfDecl}
        </h2>
        <p className="small">{m.record.selfDeclIntro}</p>
        {done && <Notice kind="success">{m.record.selfDeclDone}</Notice>}
        {error && <Notice kind="error">{error.message}</Notice>}
        <fieldset>
          <legend className="h6">{m.record.statements}</legend>
          {Object.entries(m.statements).map(([k, label]) => (
            <CheckField
              key={k}
              label={label}
              checked={chosen.includes(k)}
              onChange={(on) => setChosen(on ? [...chosen, k] : chosen.filter((c) => c !== k))}
            />
          ))}
        </fieldset>
        <button type="button" className="btn btn-primary mt-2" disabled={busy} onClick={() => void download()}>
          {m.record.selfDeclDownload}
        </button>
      </div>
    </section>
  );
}

function CertificateRequest({ p, onQueued }: { p: PersonView; onQueued(): void }) {
  const [tipi, setTipi] = useState<string[]>(['8']);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  async function request() {
    setDone(false);
    if (await run(() => call('anagrafe.certificate.request', { personId: p.id, tipi }))) {
      setDone(true);
      onQueued();
    }
  }
  return (
    <section className="card card-bg mb-4" aria-labelledby="cert-title">
      <div className="card-body">
        <h2 id="cert-title" className="h5">
          {m.record.certTitle}
        </h2>
        <p className="small">{m.record.certIntro}</p>
        {done && <Notice kind="success">{m.record.certQueued}</Notice>}
        {error && <Notice kind="error">{error.message}</Notice>}
        <fieldset>
          <legend className="h6">{m.record.certTypes}</legend>
          {Object.entries(m.certificati).map(([k, label]) => (
            <CheckField
              key={k}
              label={label}
              checked={tipi.includes(k)}
              onChange={(on) => setTipi(on ? [...tipi, k] : tipi.filter((c) => c !== k))}
            />
          ))}
        </fieldset>
        <button type="button" className="btn btn-outline-primary mt-2" disabled={busy} onClick={() => void request()}>
          {m.record.certRequest}
        </button>
      </div>
    </section>
  );
}
