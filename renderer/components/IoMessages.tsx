import type { OutputOf } from '../../electron/contract';
import { ioText } from '../messages/io';
import { useSession } from '../stores/session';

type IoStatus = OutputOf<'cie.booking.get'>['io'];

/** Re-read when the IO queue moves (a message sent, found not on IO, held as uncertain). */
export function useIoSyncKey(): string {
  return useSession((s) => {
    const p = s.sync?.platforms.find((x) => x.platform === 'io');
    return p ? `${p.counts.pending}:${p.counts.done}:${p.counts.attention}:${p.counts.waiting}:${p.counts.discarded}` : '';
  });
}

/** What happened to the citizen's IO messages, each in one sentence with what to do (core/io/status.ts). */
export function IoMessages({ io, compact }: { io: IoStatus; compact?: boolean }) {
  if (!io.configured) return compact ? null : <span>{ioText.notConfigured}</span>;
  if (io.messages.length === 0) return <span>{io.note ?? ioText.none}</span>;
  if (compact) {
    const last = io.messages[io.messages.length - 1];
    return (
      <span data-testid="io-status" data-state={last.state}>
        {ioText.label}: {last.text}
      </span>
    );
  }
  return (
    <ul className="list-unstyled mb-0" data-testid="io-messages">
      {io.messages.map((m) => (
        <li key={m.outboxId} data-state={m.state}>
          <strong>{m.what}</strong> ({m.name}): {m.text}
        </li>
      ))}
    </ul>
  );
}
