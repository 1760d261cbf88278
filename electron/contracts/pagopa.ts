import { z } from '../core/zod';
import { checkDebtorName } from '../core/forms/names';
import { Empty, Ok, procedure } from './define';
import { IoStatusView } from './io';

const Id = z.string().uuid();
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Indicare una data valida.');
/** Free text the core checks (length, required): the schema only bounds it. */
const Text = (max: number) => z.string().max(max);
const filled = (s: string) => s.trim() !== '';
const OptionalText = (max: number) => z.string().max(max).nullable().optional();

export const PagopaSettingsView = z.object({
  cfEnte: z.string(),
  enteName: z.string(),
  officeName: z.string().nullable(),
  enteInfo: z.string().nullable(),
  segregationCode: z.string(),
  cbill: z.string().nullable(),
  physicalChannel: z.string().nullable(),
  onlineChannel: z.string().nullable(),
  postalAccount: z.string().nullable(),
  postalHolder: z.string().nullable(),
  posteAuthorization: z.string().nullable(),
  /** PNG or JPEG, base64 (no data: prefix). */
  logoBase64: z.string().nullable(),
  logoMime: z.enum(['image/png', 'image/jpeg']).nullable(),
});

const SettingsAnswer = z.object({
  settings: PagopaSettingsView.nullable(),
  /** This workstation's block of notice numbers (0–999); null until the responsabile assigns it. */
  slot: z.number().nullable(),
  workstationNumber: z.number(),
  /** Until the ente's data are saved: the Comune chosen in the production set-up, to start from. */
  defaults: z.object({ cfEnte: z.string(), enteName: z.string() }).nullable().optional(),
});

const SettingsInput = z.object({
  cfEnte: Text(20),
  enteName: Text(100),
  officeName: OptionalText(100),
  enteInfo: OptionalText(200),
  segregationCode: Text(4),
  cbill: OptionalText(20),
  physicalChannel: OptionalText(100),
  onlineChannel: OptionalText(100),
  postalAccount: OptionalText(20),
  postalHolder: OptionalText(100),
  posteAuthorization: OptionalText(100),
  /** Base64 of the logo; null removes it. About 1 MB once decoded (the core checks the size). */
  logoBase64: z.string().max(1_500_000).nullable(),
  slot: z.number().int().min(0, 'Indicare un numero da 0 a 999.').max(999, 'Indicare un numero da 0 a 999.'),
});

export const CatalogueItemView = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  amountCents: z.number().int(),
  taxonomy: z.string(),
  iban: z.string(),
  active: z.boolean(),
});

const CatalogueItemInput = z.object({
  /** Absent: a new item. */
  id: Id.optional(),
  code: Text(40),
  description: Text(200),
  amountCents: z.number().int('Indicare l’importo in euro, ad esempio 16,79.').positive('L’importo deve essere maggiore di zero.'),
  taxonomy: Text(40),
  iban: Text(50),
  active: z.boolean(),
});

const DisplayStatus = z.enum(['paid', 'unpaid', 'expired', 'cancelled']);

export const NoticeView = z.object({
  id: z.string(),
  /** The citizen's IO message: sent, not on IO (the paper path), uncertain (core/io/status.ts). */
  io: IoStatusView,
  /** Codice avviso (18 digits) of the rata unica. */
  nav: z.string(),
  iuv: z.string(),
  subject: z.string(),
  debtorName: z.string(),
  debtorCf: z.string(),
  totalCents: z.number(),
  dueDate: z.string(),
  displayStatus: DisplayStatus,
  /** pending: not yet on pagoPA; published; attention: refused, see "Invii alle piattaforme"; invalidating/invalidated. */
  gpdState: z.enum(['pending', 'published', 'attention', 'invalidating', 'invalidated']),
  /** Why pagoPA needs a person (e.g. GPD_POSITION_NOT_FOUND: the poller found it no longer on pagoPA). */
  gpdErrorCode: z.string().nullable().optional(),
  issuedAt: z.string(),
  issuedOn: z.string(),
  paidAt: z.string().nullable(),
  paidSource: z.enum(['gpd', 'manual']).nullable(),
  cancelledAt: z.string().nullable(),
  personId: z.string().nullable(),
  appointmentId: z.string().nullable(),
  lines: z.array(z.object({ description: z.string(), amountCents: z.number() })),
  options: z.array(
    z.object({
      idx: z.number(),
      nav: z.string(),
      amountCents: z.number(),
      dueDate: z.string(),
      status: z.enum(['unpaid', 'paid']),
      receiptId: z.string().nullable(),
    }),
  ),
});

const IssueInput = z.object({
  /** A person's name follows the anagrafe's rule; a debtor with an 11-digit CF (a company) may have digits and & too. */
  debtor: z
    .object({
      fullName: Text(100).refine(filled, 'Compilare il campo «Nome e cognome del destinatario».'),
      codiceFiscale: Text(20).refine(filled, 'Compilare il campo «Codice fiscale» del destinatario.'),
    })
    .superRefine((d, ctx) => {
      // Runs even when another field is wrong (every problem at once); an empty name is the refine's.
      if (typeof d.fullName !== 'string' || typeof d.codiceFiscale !== 'string') return;
      const problem = checkDebtorName(d.fullName, /^\d{11}$/.test(d.codiceFiscale.trim()));
      if (problem) ctx.addIssue({ code: 'custom', path: ['fullName'], message: problem });
    }),
  /** Catalogue item ids or codes (e.g. "CIE-STATO"), 1 to 5. */
  items: z.array(z.string().min(1).max(40)).min(1, 'Scegliere almeno una voce del catalogo.').max(5, 'Al massimo 5 voci per avviso.'),
  dueDate: CalendarDate,
  /** Absent: a single payment; otherwise 2 to 9 instalments, split evenly. */
  instalments: z
    .array(z.object({ dueDate: CalendarDate }))
    .max(9)
    .optional(),
  subject: OptionalText(120),
  personId: z.string().max(100).nullable().optional(),
  appointmentId: z.string().max(100).nullable().optional(),
});

const Debtor = z.object({
  fullName: z.string(),
  codiceFiscale: z.string(),
  personId: z.string().nullable(),
  appointmentId: z.string().nullable(),
});

const ReconRow = z.object({
  noticeId: z.string(),
  nav: z.string(),
  subject: z.string(),
  debtorName: z.string(),
  totalCents: z.number(),
  paidCents: z.number(),
  dueDate: z.string(),
  issuedOn: z.string(),
  paidAt: z.string().nullable(),
  paidSource: z.enum(['gpd', 'manual']).nullable(),
  receiptIds: z.array(z.string()),
});

export const ReconciliationView = z.object({
  date: z.string(),
  issued: z.array(ReconRow),
  paid: z.array(ReconRow),
  outstanding: z.array(ReconRow),
  totals: z.object({
    issuedCents: z.number(),
    paidCents: z.number(),
    outstandingCents: z.number(),
    issuedCount: z.number(),
    paidCount: z.number(),
    outstandingCount: z.number(),
  }),
});

const Download = z.object({ filename: z.string(), mime: z.string(), base64: z.string() });

/** The pagopa room's procedures (see electron/contract.ts). */
export const pagopaContract = {
  'pagopa.settings.get': procedure({ input: Empty, output: SettingsAnswer, access: 'responsabile' }),
  'pagopa.settings.save': procedure({ input: SettingsInput, output: SettingsAnswer, access: 'responsabile' }),
  'pagopa.catalogue.list': procedure({
    input: z.object({ includeInactive: z.boolean().optional() }),
    output: z.array(CatalogueItemView),
    access: 'cassa',
  }),
  'pagopa.catalogue.save': procedure({ input: CatalogueItemInput, output: CatalogueItemView, access: 'responsabile' }),
  /** Who pays, from a person of the registry or a CIE appointment (an audited read). */
  'pagopa.debtor': procedure({
    input: z.object({ personId: z.string().max(100).optional(), appointmentId: z.string().max(100).optional() }),
    output: Debtor,
    access: 'cassa',
  }),
  'pagopa.notices.issue': procedure({ input: IssueInput, output: NoticeView, access: 'cassa' }),
  'pagopa.notices.list': procedure({
    input: z.object({ scope: z.enum(['today', 'all']), query: z.string().max(100).optional() }),
    output: z.array(NoticeView),
    access: 'cassa',
  }),
  /** The notice PDF (Avvisi 3.x), base64. */
  'pagopa.notices.pdf': procedure({ input: z.object({ id: Id }), output: Download, access: 'cassa' }),
  'pagopa.notices.markPaid': procedure({
    input: z.object({
      id: Id,
      receipt: z.string().trim().min(3, 'Indicare gli estremi della ricevuta (almeno 3 caratteri).').max(200),
      paidOn: CalendarDate.optional(),
    }),
    output: NoticeView,
    access: 'cassa',
  }),
  'pagopa.notices.cancel': procedure({
    input: z.object({ id: Id, reason: z.string().trim().min(5, 'Indicare il motivo (almeno 5 caratteri).').max(200) }),
    output: NoticeView,
    access: 'cassa',
  }),
  /** Asks pagoPA now which notices were paid; answers at once, the result arrives as a sync event. */
  'pagopa.refresh': procedure({ input: Empty, output: Ok, access: 'cassa', activity: false }),
  'pagopa.reconciliation': procedure({ input: z.object({ date: CalendarDate }), output: ReconciliationView, access: 'cassa' }),
  'pagopa.reconciliation.csv': procedure({ input: z.object({ date: CalendarDate }), output: Download, access: 'cassa' }),
};
