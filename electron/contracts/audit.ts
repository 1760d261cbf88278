import { z } from '../core/zod';
import { procedure } from './define';

const PdfFile = z.object({ filename: z.string(), pdfBase64: z.string() });

/** The audit room's procedures: the responsabile's daily closing report. */
export const auditContract = {
  /** Prints the closing report of a day (today by default), anchoring the audit log's head first. */
  'audit.closingReport': procedure({
    input: z
      .object({
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'Indicare la data come AAAA-MM-GG.')
          .optional(),
      })
      .strict(),
    output: PdfFile.extend({ seq: z.number(), hash: z.string(), items: z.number() }),
    access: 'responsabile',
  }),
};
