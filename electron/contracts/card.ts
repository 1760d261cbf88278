import { z } from '../core/zod';
import { Empty, Ok, procedure } from './define';

/** What the counter's reader shows right now; polled while the "Leggi CIE" panel is open. */
export const CardStatusView = z.object({
  /** 'down': the PC/SC service does not answer; 'missing': no PC/SC support on this computer. */
  service: z.enum(['up', 'down', 'missing']),
  /**
   * With 'missing': why PC/SC cannot be loaded ('module-missing': Sportello's reader module was not
   * built; 'library-missing': the system's PC/SC library is absent) and on which system, so the
   * screen can tell the Comune's IT person what to install. Null otherwise.
   */
  missing: z
    .object({ reason: z.enum(['module-missing', 'library-missing', 'load-failed']), os: z.enum(['windows', 'linux', 'other']) })
    .nullable(),
  readers: z.array(z.string()),
  cardPresent: z.boolean(),
  /** CSCA certificates available to verify cards; 0 means reads cannot be verified yet. */
  trustedCscas: z.number().int(),
});

/** The same shape as renderer/components/ReadCie.tsx's CiePrefill (stable props of ReadCieButton). */
export const CiePrefillView = z.object({
  cognome: z.string(),
  nome: z.string(),
  sesso: z.enum(['M', 'F']),
  dataNascita: z.string(),
  luogoNascita: z.string().optional(),
  codiceFiscale: z.string().optional(),
  indirizzo: z.string().optional(),
  numeroDocumento: z.string().optional(),
  scadenzaDocumento: z.string().optional(),
});

export const CardReadView = z.object({
  prefill: CiePrefillView,
  /** The holder's face as a PNG (or JPEG) data URL, null when the chip's image cannot be decoded. */
  photo: z.string().nullable(),
  verification: z.object({
    /** Always true in an answer: a card that fails verification is refused with CARD_NOT_GENUINE. */
    genuine: z.boolean(),
    /** Subject of the CSCA that vouched for the card. */
    csca: z.string().nullable(),
    access: z.enum(['PACE-CAN', 'PACE-MRZ', 'BAC']),
  }),
  /** Inconsistencies the clerk should look at (codice fiscale vs birth data, expired card); the renderer words them. */
  warnings: z.array(z.enum(['codice-fiscale-format', 'codice-fiscale-birth-date', 'codice-fiscale-sex', 'document-expired'])),
});

export const CscaView = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  expired: z.boolean(),
  /** 'demo': the virtual card's test CSCA, trusted only in demo mode and not removable. */
  source: z.enum(['imported', 'demo']),
  importedAt: z.string().nullable(),
});

export const cardContract = {
  'card.status': procedure({ input: Empty, output: CardStatusView, access: 'any', activity: false }),
  /** Reads the CIE on the reader with its CAN; the CAN is used once and never stored or logged. Roles: anagrafe or cie. */
  'card.read': procedure({
    input: z.object({ can: z.string().regex(/^[0-9]{6}$/, 'Il CAN è formato da 6 cifre.') }).strict(),
    output: CardReadView,
    access: 'any',
  }),
  'card.csca.list': procedure({ input: Empty, output: z.array(CscaView), access: 'responsabile' }),
  /** A CSCA certificate file (PEM, one or more certificates, or DER) as base64. */
  'card.csca.import': procedure({
    input: z.object({ file: z.string().min(1).max(2_000_000) }).strict(),
    output: z.object({ added: z.number().int(), alreadyPresent: z.number().int(), list: z.array(CscaView) }),
    access: 'responsabile',
  }),
  'card.csca.remove': procedure({
    input: z.object({ fingerprint: z.string().regex(/^[0-9A-F:]{95}$/) }).strict(),
    output: Ok,
    access: 'responsabile',
  }),
} satisfies Record<string, ReturnType<typeof procedure>>;
