import { useEffect, useState } from 'react';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { romeDateTimeText } from '../../../electron/core/rome-time';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { anagrafeText } from '../../messages/anagrafe';
import { certificatesReadyText as m } from '../../messages/certificates-ready';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { savePdf } from '../../components/download';

type Ready = OutputOf<'anagrafe.certificate.ready'>;

/**
 * "Certificati pronti": every certificate ANPR issued for the counter's 6001 requests, those to
 * print first; reloaded when ANPR's lane completes something (a request queued offline answered).
 */
export function ReadyCertificates() {
  const go = useNav((s) => s.go);
  const anprDone = useSession((s) => s.sync?.platforms.find((p) => p.platform === 'anpr')?.counts.done ?? 0);
  const [list, setList] = useState<Ready | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = () =>
    call('anagrafe.certificate.ready', {}).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
  }, [anprDone]);

  async function print(c: Ready[number]) {
    setNote(null);
    try {
      const f = await call('anagrafe.certificate.download', { praticaId: c.praticaId });
      savePdf(f.filename, f.pdfBase64);
      setNote(m.printedNow);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const toPrint = list?.filter((c) => !c.printedAt).length ?? 0;
  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {note && <Notice kind="success">{note}</Notice>}
      <p role="status" className="small" data-testid="certificates-count">
        {list === null ? '' : list.length === 0 ? m.none : m.count(list.length, toPrint)}
      </p>
      {list && list.length > 0 && (
        <table className="table" data-testid="certificates-ready">
          <caption className="visually-hidden">{m.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.person}</th>
              <th scope="col">{m.cf}</th>
              <th scope="col">{m.kinds}</th>
              <th scope="col">{m.requested}</th>
              <th scope="col">{m.issued}</th>
              <th scope="col">{m.state}</th>
              <th scope="col">{m.actions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => {
              const name = [c.cognome, c.nome].filter(Boolean).join(' ');
              return (
                <tr key={c.praticaId} data-testid="certificate-row" data-printed={c.printedAt ? 'yes' : 'no'}>
                  <th scope="row">{name}</th>
                  <td className="font-monospace">{c.codiceFiscale}</td>
                  <td>{c.tipi.map((t) => anagrafeText.certificati[t] ?? t).join(', ')}</td>
                  <td>{romeDateTimeText(c.requestedAt)}</td>
                  <td>{romeDateTimeText(c.issuedAt)}</td>
                  <td>{c.printedAt ? m.printed(romeDateTimeText(c.printedAt)) : <strong>{m.toPrint}</strong>}</td>
                  <td>
                    <div className="d-flex gap-2 flex-wrap">
                      <button type="button" className="btn btn-sm btn-primary" onClick={() => void print(c)}>
                        {m.print}
                        <span className="visually-hidden"> {name}</span>
                      </button>
                      {c.personId && (
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-primary"
                          onClick={() => go('anagrafe', `persona:${c.personId}`)}
                        >
                          {m.openPerson}
                          <span className="visually-hidden"> {name}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => void load()}>
        {m.refresh}
      </button>
    </section>
  );
}
