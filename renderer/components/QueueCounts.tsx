import { t } from '../messages/it';

/**
 * "2 da inviare · 1 da verificare" as buttons, drawn as links, to the Invii screen, where the clerk can act on them;
 * nothing when both are zero.
 */
export function QueueCounts({ toSend, toCheck, onOpen }: { toSend: number; toCheck: number; onOpen(): void }) {
  const parts = [toSend > 0 && t.header.toSend(toSend), toCheck > 0 && t.header.toCheck(toCheck)].filter((p): p is string => !!p);
  return (
    <>
      {parts.map((p, i) => (
        <span key={p}>
          {i > 0 && ' · '}
          <button type="button" className="queue-count" title={t.header.openSync} data-testid="queue-count" onClick={onOpen}>
            {p}
          </button>
        </span>
      ))}
    </>
  );
}
