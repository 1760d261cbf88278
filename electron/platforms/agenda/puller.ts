/** Pulls the bookings citizens made online into the local agenda, page by page from the stored cursor. */
import { z } from '../../core/zod';
import { SportelloError } from '../../core/errors';
import { applyOnlineChanges, pullCursor, type PullResult } from '../../core/cie/pull';
import type { RemoteChange } from '../../core/cie/types';
import type { Actor, Db } from '../../core/store/types';
import { callAgenda, type AgendaConfig } from './http';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/);
const remoteBooking = z.object({
  bookingId: z.string().min(1),
  code: z.string().min(1),
  stationId: z.string().min(1),
  date,
  times: z.array(time).min(1).max(5),
  channel: z.enum(['counter', 'phone', 'online', 'walk_in']),
  people: z
    .array(
      z.object({
        codiceFiscale: z.string().nullish(),
        surname: z.string().min(1),
        givenNames: z.string().min(1),
        birthDate: date.nullish(),
      }),
    )
    .min(1)
    .max(5),
  contact: z.object({ phone: z.string().nullish(), email: z.string().nullish() }).optional(),
  status: z.enum(['booked', 'cancelled']),
  confirmed: z.boolean(),
  revision: z.number().int().min(1),
});
const page = z.object({
  changes: z.array(
    z.object({
      seq: z.number().int(),
      type: z.enum(['booked', 'moved', 'confirmed', 'cancelled']),
      at: z.string(),
      booking: remoteBooking,
    }),
  ),
  cursor: z.string(),
  more: z.boolean(),
});

export interface PullSummary extends PullResult {
  pages: number;
  cursor: string | null;
}

export async function pullOnlineBookings(
  db: Db,
  actor: Actor,
  cfg: AgendaConfig,
  opts: { signal?: AbortSignal; pageSize?: number; maxPages?: number } = {},
): Promise<PullSummary> {
  const total: PullSummary = { applied: 0, ignored: 0, unknownStation: 0, conflicts: [], pages: 0, cursor: pullCursor(db) };
  for (let i = 0; i < (opts.maxPages ?? 50); i++) {
    const q = new URLSearchParams({ limit: String(opts.pageSize ?? 100) });
    if (total.cursor !== null) q.set('since', total.cursor);
    const a = await callAgenda(cfg, 'GET', `/v1/online-changes?${q}`, { signal: opts.signal });
    if (a.status !== 200) {
      throw new SportelloError(
        'AGENDA_PULL_HTTP',
        'Non è stato possibile leggere le prenotazioni online: il sistema di prenotazione ha risposto con un errore. Sportello riproverà.',
        { status: a.status },
      );
    }
    const parsed = page.safeParse(a.body);
    if (!parsed.success) {
      throw new SportelloError(
        'AGENDA_PULL_FORMAT',
        "Le prenotazioni online ricevute non sono leggibili: avvisare l'assistenza Sportello.",
        { issue: parsed.error.issues[0]?.path.join('.') },
      );
    }
    const r = applyOnlineChanges(db, actor, parsed.data.changes as RemoteChange[], parsed.data.cursor);
    total.pages++;
    total.applied += r.applied;
    total.ignored += r.ignored;
    total.unknownStation += r.unknownStation;
    total.conflicts.push(...r.conflicts);
    total.cursor = parsed.data.cursor;
    if (!parsed.data.more) break;
  }
  return total;
}
