/**
 * The GPD outbox payloads as schemas (payloadVersion 1): every stored item is parsed with them when
 * loaded, and a clerk's correction too. Mirrors gpd-model's types, which buildPosition fills.
 */
import { z } from '../zod';
import { requireIban } from './validate';

const text = (max: number) => z.string().min(1).max(max);
const cents = z.number().int().positive();
const iban = z.string().refine((s) => {
  try {
    return requireIban(s) === s;
  } catch {
    return false;
  }
}, 'IBAN non valido');

const transfer = z.strictObject({
  idTransfer: z.enum(['1', '2', '3', '4', '5']),
  amount: cents,
  remittanceInformation: text(140),
  category: text(64),
  iban,
});

const paymentOption = z
  .strictObject({
    iuv: z.string().regex(/^\d{17}$/),
    nav: z.string().regex(/^3\d{17}$/),
    amount: cents,
    description: text(140),
    isPartialPayment: z.boolean(),
    dueDate: z.iso.datetime(),
    transfer: z.array(transfer).min(1).max(5),
  })
  .refine((o) => o.transfer.reduce((a, t) => a + t.amount, 0) === o.amount, "La somma dei versamenti non corrisponde all'importo");

const cf = z.string().regex(/^[0-9A-Z]{11,16}$/i);

export const gpdPosition = z.strictObject({
  iupd: text(100),
  type: z.enum(['F', 'G']),
  fiscalCode: cf,
  fullName: text(70),
  streetName: text(70).optional(),
  civicNumber: text(16).optional(),
  postalCode: text(16).optional(),
  city: text(35).optional(),
  province: text(35).optional(),
  country: text(35).optional(),
  switchToExpired: z.boolean(),
  companyName: text(140),
  officeName: text(140).optional(),
  paymentOption: z.array(paymentOption).min(1).max(100),
});

export const gpdCreatePayloadV1 = z.strictObject({ cfEnte: z.string().regex(/^\d{11}$/), position: gpdPosition });
export const gpdInvalidatePayloadV1 = z.strictObject({ cfEnte: z.string().regex(/^\d{11}$/), iupd: text(100) });

/**
 * What a clerk may change when resending a refused creation, per pagoPA's answer code: only what
 * that answer can be about. Paths use '*' for any array index. The notice is printed, so codes,
 * amounts, IBANs, the debtor's codice fiscale and the creditor never change; a code absent here
 * (GPD_CONFLICT, GPD_CODE_TAKEN, any HTTP code) allows a resend of the same data only.
 */
export const GPD_CORRECTABLE: Record<string, readonly string[]> = {
  // 400: pagoPA refused the content: the descriptive fields it validates (lengths, characters).
  GPD_REJECTED: [
    'position.fullName',
    'position.streetName',
    'position.civicNumber',
    'position.postalCode',
    'position.city',
    'position.province',
    'position.country',
    'position.officeName',
    'position.paymentOption.*.description',
    'position.paymentOption.*.transfer.*.remittanceInformation',
  ],
};

/** Every leaf path where `a` and `b` differ (arrays by index; a missing side counts as a change). */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

/** The changed paths not allowed for `code`, with array indexes generalised to '*'. */
export function forbiddenChanges(code: string | null, original: unknown, corrected: unknown): string[] {
  const allowed = new Set(GPD_CORRECTABLE[code ?? ''] ?? []);
  return changedPaths(original, corrected).filter((p) => !allowed.has(p.replace(/\.\d+(?=\.|$)/g, '.*')));
}

const POSITION_LABELS: Record<string, string> = {
  iupd: 'Identificativo della posizione',
  type: 'Tipo di destinatario',
  fiscalCode: 'Codice fiscale del destinatario',
  fullName: 'Nome e cognome del destinatario',
  streetName: 'Indirizzo del destinatario',
  civicNumber: 'Numero civico del destinatario',
  postalCode: 'CAP del destinatario',
  city: 'Comune del destinatario',
  province: 'Provincia del destinatario',
  country: 'Nazione del destinatario',
  switchToExpired: 'Pagabilità dopo la scadenza',
  companyName: "Nome dell'ente creditore",
  officeName: "Ufficio dell'ente creditore",
};
const OPTION_LABELS: Record<string, string> = {
  iuv: 'Codice IUV',
  nav: 'Codice avviso',
  amount: 'Importo',
  description: 'Causale',
  isPartialPayment: 'Pagamento a rate',
  dueDate: 'Scadenza',
};
const TRANSFER_LABELS: Record<string, string> = {
  idTransfer: 'Numero',
  amount: 'Importo',
  remittanceInformation: 'Causale',
  category: 'Tassonomia',
  iban: 'IBAN',
};

/**
 * A GPD payload path ('position.paymentOption.0.transfer.0.iban', or its parts) in the clerk's
 * words ('IBAN del versamento 1'); the path itself stays in the error's field/details.
 */
export function gpdFieldLabel(path: string | readonly PropertyKey[]): string {
  const [root, key, opt, sub, tr, leaf] = typeof path === 'string' ? path.split('.') : path.map(String);
  if (root === 'cfEnte') return "Codice fiscale dell'ente creditore";
  if (root !== 'position' || key === undefined) return "Dati dell'avviso";
  if (key !== 'paymentOption') return POSITION_LABELS[key] ?? "Dati dell'avviso";
  const rata = opt === undefined || opt === '*' ? '' : ` della rata ${Number(opt) + 1}`;
  if (sub !== 'transfer') return sub === undefined ? `Rata${rata}` : `${OPTION_LABELS[sub] ?? 'Dati'}${rata}`;
  const versamento = tr === undefined || tr === '*' ? ' dei versamenti' : ` del versamento ${Number(tr) + 1}`;
  return `${(leaf && TRANSFER_LABELS[leaf]) || 'Dati'}${versamento}${opt === '0' ? '' : rata}`;
}
