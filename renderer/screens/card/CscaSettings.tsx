import { useEffect, useId, useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { ScrollTable } from '../../components/ScrollTable';
import { Notice } from '../../components/Notice';
import { ReadCieButton } from '../../components/ReadCie';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cardText } from '../../messages/card';
import { formatDateIt } from '../../../electron/core/forms/dates';
import { romeDate } from '../../../electron/core/rome-time';
import { FileField } from '../../components/FileField';

const m = cardText.csca;
type Csca = OutputOf<'card.csca.list'>[number];

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const itDate = (iso: string) => formatDateIt(romeDate(iso));

/** The responsabile's list of CSCA certificates (import, remove) and a test read of the reader. */
export function CscaSettings() {
  const fileId = useId();
  const [list, setList] = useState<Csca[] | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [testOk, setTestOk] = useState(false);
  const action = useAction();

  useEffect(() => {
    void action.run(async () => setList(await call('card.csca.list', {})));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function importFile() {
    setDone(null);
    if (!file) {
      setFileError(m.noFile);
      document.getElementById(fileId)?.focus();
      return;
    }
    setFileError(null);
    const r = await action.run(async () => call('card.csca.import', { file: toBase64(new Uint8Array(await file.arrayBuffer())) }));
    if (r) {
      setList(r.list);
      setDone(m.imported(r.added, r.alreadyPresent));
    }
  }

  async function remove(fingerprint: string) {
    setDone(null);
    const r = await action.run(async () => {
      await call('card.csca.remove', { fingerprint });
      return call('card.csca.list', {});
    });
    if (r) {
      setList(r);
      setDone(m.removed);
    }
  }

  return (
    <section>
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      {action.error && <Notice kind="error">{action.error.message}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}

      <h2 className="h5 mt-4">{m.listCaption}</h2>
      {list && list.length === 0 && <p data-testid="csca-empty">{m.empty}</p>}
      {list && list.length > 0 && (
        <ScrollTable>
          <table className="table table-sm">
            <caption className="visually-hidden">{m.listCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.subject}</th>
                <th scope="col">{m.validTo}</th>
                <th scope="col">{m.source}</th>
                <th scope="col">{m.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.fingerprint}>
                  <th scope="row" className="fw-normal">
                    {c.subject}
                  </th>
                  <td>
                    {itDate(c.validTo)}
                    {c.expired && <strong className="ms-1 text-danger">({m.expired})</strong>}
                  </td>
                  <td>{c.source === 'demo' ? m.demo : `${m.imported_} ${c.importedAt ? itDate(c.importedAt) : ''}`}</td>
                  <td>
                    {c.source === 'imported' && (
                      <button
                        type="button"
                        className="btn btn-sm btn-outline-danger"
                        aria-label={m.removeLabel(c.subject)}
                        onClick={() => void remove(c.fingerprint)}
                        disabled={action.busy}
                      >
                        {m.remove}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}

      <div className="mt-4">
        <FileField
          id={fileId}
          label={m.file}
          help={m.fileHelp}
          accept=".pem,.cer,.crt,.der,.ml"
          error={fileError || undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <button type="button" className="btn btn-primary" onClick={() => void importFile()} disabled={action.busy}>
        {m.import}
      </button>

      <h2 className="h5 mt-5">{m.testTitle}</h2>
      <p>{m.testIntro}</p>
      <ReadCieButton onRead={() => setTestOk(true)} />
      {testOk && <Notice kind="success">{m.testDone}</Notice>}
    </section>
  );
}
