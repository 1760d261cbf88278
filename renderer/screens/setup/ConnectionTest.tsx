import { useState } from 'react';
import type { OutputOf } from '../../../electron/contract';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';

type Outcome = OutputOf<'setup.test'>;

/** "Prova collegamento": one harmless call, its outcome in plain Italian with the platform's own words. */
export function ConnectionTest({ platform }: { platform: 'anpr' | 'gpd' | 'agenda' }) {
  const m = setupText.test;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { busy, error, run } = useAction();
  async function test() {
    setOutcome(null);
    const r = await run(() => call('setup.test', { platform }));
    if (r) setOutcome(r);
  }
  const kind = outcome?.outcome === 'accepted' ? 'success' : outcome?.outcome === 'refused' ? 'error' : 'warning';
  const headline = outcome && { accepted: m.accepted, refused: m.refused, unreachable: m.unreachable }[outcome.outcome];
  return (
    <div className="mt-3" data-testid={`test-${platform}`}>
      <button type="button" className="btn btn-outline-primary mb-2" onClick={test} disabled={busy}>
        {m.button(setupText.platformName[platform])}
      </button>
      {busy && <p role="status">{m.running}</p>}
      {error && <Notice kind="error">{error.message}</Notice>}
      {outcome && (
        <div data-outcome={outcome.outcome}>
          <Notice kind={kind}>
            <strong>{headline}</strong> {outcome.detail}
            {outcome.platformWords && (
              <>
                <br />
                {m.platformWords}: «<span lang="en">{outcome.platformWords}</span>»
              </>
            )}
          </Notice>
        </div>
      )}
    </div>
  );
}
