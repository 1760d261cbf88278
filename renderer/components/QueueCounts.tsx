import { t } from '../messages/it';

/**
 * "2 da inviare · 1 da verificare" as buttons, drawn as links, to the Invii screen, where the clerk can act on them;
 * nothing when both are zero.
 */
export function QueueCounts({
  toSend,
  toCheck,
  onOpen,
  className,
}: {
  toSend: number;
  toCheck: number;
  onOpen(): void;
  className?: string;
}) {
  const parts = [toSend > 0 && t.header.toSend(toSend), toCheck > 0 && t.header.toCheck(toCheck)].filter((p): p is string => !!p);
  return (
    <>
      {parts.map((p, i) => (
        <span key={p}>
          {i > 0 && ' · '}
          <button
            type="button"
            className={`btn btn-link p-0 align-baseline text-decoration-underline${className ? ` ${className}` : ''}`}
            style={{ fontSize: 'inherit', fontWeight: 'inherit' }}
            title={t.header.openSync}
            data-testid="queue-count"
            onClick={onOpen}
          >
            {p}
          </button>
        </span>
      ))}
    </>
  );
}
