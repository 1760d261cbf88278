/**
 * The booking system's outbox payloads as schemas (payloadVersion 1), mirroring types.ts: every
 * stored item is parsed with them when loaded, before it is sent or handled.
 */
import { z } from '../zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/);
const id = z.string().min(1).max(100);

export const agendaBookPayloadV1 = z.strictObject({
  bookingId: id,
  revision: z.number().int().min(1),
  code: z.string().min(1).max(40),
  stationId: id,
  date,
  times: z.array(time).min(1).max(5),
  channel: z.enum(['counter', 'phone', 'online', 'walk_in']),
  people: z
    .array(
      z.strictObject({
        codiceFiscale: z
          .string()
          .regex(/^[0-9A-Z]{16}$/i)
          .nullable(),
        surname: z.string().min(1).max(100),
        givenNames: z.string().min(1).max(100),
        birthDate: date.nullable(),
      }),
    )
    .min(1)
    .max(5),
  contact: z.strictObject({ phone: z.string().max(40).nullable(), email: z.string().max(254).nullable() }),
});

export const agendaCancelPayloadV1 = z.strictObject({ bookingId: id, reason: z.string().max(500) });
export const agendaConfirmPayloadV1 = z.strictObject({ bookingId: id });
