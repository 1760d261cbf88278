import { romeDateTimeText } from '../../electron/core/rome-time';
import { t } from '../messages/it';
import { Notice } from './Notice';

type Paused = { platform: string; credentials: { code: string; text: string; since: string } | null };

/** "Credenziali da verificare": one notice per platform paused because it refused the Comune's credentials. */
export function CredentialsNotices({ platforms }: { platforms: Paused[] }) {
  const m = t.sync;
  return (
    <>
      {platforms
        .filter((p) => p.credentials)
        .map((p) => (
          <div key={p.platform} data-testid={`credentials-${p.platform}`}>
            <Notice kind="warning">
              <strong>{m.credentialsTitle}</strong> — {m.platformNames[p.platform]}
              <p className="mb-1">{m.credentialsPaused(m.platformNames[p.platform], romeDateTimeText(p.credentials!.since))}</p>
              <p className="mb-0 small">
                {m.platformWords} ({p.credentials!.code}): <span data-testid={`credentials-text-${p.platform}`}>{p.credentials!.text}</span>
              </p>
            </Notice>
          </div>
        ))}
    </>
  );
}
