import { z } from '../core/zod';
import { Empty, procedure } from './define';

/** One IO message of a booking or a notice, as the clerk reads it (core/io/status.ts). */
export const IoMessageStatusView = z.object({
  outboxId: z.string(),
  purpose: z.enum(['cie.confirmation', 'cie.reminder', 'cie.moved', 'cie.cancelled', 'pagopa.notice']),
  what: z.string(),
  name: z.string(),
  state: z.enum(['queued', 'scheduled', 'sent', 'not_on_io', 'uncertain', 'refused', 'withdrawn', 'closed']),
  at: z.string().nullable(),
  text: z.string(),
});

export const IoStatusView = z.object({
  configured: z.boolean(),
  messages: z.array(IoMessageStatusView),
  note: z.string().nullable(),
});

const Topic = z.enum(['cie', 'pagopa']);

const IoSettingsView = z.object({
  endpoint: z.string(),
  services: z.array(z.object({ id: z.string(), name: z.string(), keyHint: z.string(), topics: z.array(Topic) })),
});

export const ioContract = {
  'io.settings.get': procedure({ input: Empty, output: IoSettingsView, access: 'responsabile' }),
  /** Adds a service (no id) or changes one; an empty key keeps the one saved. */
  'io.settings.saveService': procedure({
    input: z.object({
      id: z.string().max(100).optional(),
      name: z.string().max(100),
      apiKey: z.string().max(200).nullable().optional(),
      topics: z.array(Topic).max(2),
    }),
    output: IoSettingsView,
    access: 'responsabile',
  }),
  'io.settings.removeService': procedure({ input: z.object({ id: z.string().max(100) }), output: IoSettingsView, access: 'responsabile' }),
  'io.settings.saveEndpoint': procedure({
    input: z.object({ endpoint: z.string().max(300) }),
    output: IoSettingsView,
    access: 'responsabile',
  }),
};
