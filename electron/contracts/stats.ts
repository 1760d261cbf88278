import { z } from '../core/zod';
import { procedure } from './define';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Indicare il mese come AAAA-MM, per esempio 2026-11.');
const Count = z.number().int().nonnegative();
const Download = z.object({ filename: z.string(), mime: z.string(), base64: z.string() });

const WaitView = z.object({
  measured: Count,
  meanDays: z.number().nullable(),
  medianDays: z.number().nullable(),
  bands: z.array(z.object({ label: z.string(), count: Count })),
});

export const CounterSummaryView = z.object({
  month: Month.nullable(),
  from: z.string(),
  to: z.string(),
  served: z.array(z.object({ date: z.string(), pratiche: Count, cie: Count, notices: Count })),
  cieWait: WaitView,
  notices: z.object({ paid: Count, unpaid: Count, cancelled: Count }),
  sync: z.array(
    z.object({
      platform: z.string(),
      label: z.string(),
      days: z.array(z.object({ date: z.string(), done: Count, attention: Count, queued: Count })),
    }),
  ),
});

/** The counter's figures (core/stats): the "Riepilogo" screen and the monthly open data. */
export const statsContract = {
  /** The Riepilogo's figures for a month, or the 30 days ending today. Counts only, no person. */
  'stats.summary': procedure({
    input: z.object({ month: Month.optional() }).strict(),
    output: CounterSummaryView,
    access: 'responsabile',
  }),
  /** The month's open data: the CSV and its DCAT-AP_IT metadata (JSON-LD), audited. */
  'stats.openData.export': procedure({
    input: z
      .object({
        month: Month,
        contactEmail: z.string().trim().email('Indicare un indirizzo email valido, per esempio anagrafe@comune.esempio.it.').optional(),
      })
      .strict(),
    output: z.object({ month: Month, rows: Count, csv: Download, metadata: Download }),
    access: 'responsabile',
  }),
};
