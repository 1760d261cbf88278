/**
 * A notification from ANPR as the anagrafe room reads it: plain data the platform layer extracts
 * from the Risposta_Comune content (3003 xmlRisposta, N000 contenuto). Parsed with zod at the
 * room's door, since it is stored and applied.
 */
import { z } from '../../zod';

const text = z.string().min(1).max(200);

export const noticeAddressSchema = z.object({
  cap: z.string().max(10).optional(),
  comuneNome: text,
  comuneIstat: z.string().max(6).optional(),
  sigla: z.string().max(3).optional(),
  specie: z.string().max(40).optional(),
  via: text,
  numero: z.string().max(10).optional(),
  decorrenza: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const generalitaSchema = z.object({
  codiceFiscale: z.string().max(16).optional(),
  cognome: z.string().max(200).optional(),
  nome: z.string().max(200).optional(),
  sesso: z.string().max(1).optional(),
  dataNascita: z.string().max(10).optional(),
});

export const noticeSubjectSchema = generalitaSchema.extend({
  idANPR: z.string().max(30).optional(),
  idSchedaSoggettoANPR: z.string().max(30).optional(),
  previous: generalitaSchema.optional(),
  residenza: noticeAddressSchema.optional(),
  dataDecesso: z.string().max(10).optional(),
  dataCancellazione: z.string().max(10).optional(),
  provenienza: z.string().max(200).optional(),
  destinazione: z.string().max(200).optional(),
  /** The subject's place in the family (legameSoggetto.codiceLegame: 1 intestatario, 2 coniuge, 3 figlio…). */
  codiceLegame: z.string().max(2).optional(),
});

export const anprNoticeSchema = z.object({
  idOperazioneAnpr: z.string().regex(/^\d{1,30}$/),
  /** tipoOperazione as ANPR lists it: N010, NRIS, or the service code (2001, 5005, …). */
  tipo: z.string().min(1).max(4),
  /** operazioneRichiesta of the content (1002, 2001, 2003, 5005, 5014, …). */
  operazione: z.string().max(4).optional(),
  /** ANPR's time of the operation (ISO). */
  at: z.string().min(10).max(40),
  decorrenza: z.string().max(10).optional(),
  soggetti: z.array(noticeSubjectSchema).max(50),
});

export type AnprNotice = z.infer<typeof anprNoticeSchema>;
export type NoticeSubject = z.infer<typeof noticeSubjectSchema>;

export type NoticeKind = 'immigrazione' | 'decesso' | 'cancellazione' | 'cambio_indirizzo' | 'rettifica' | 'altro';

/** What the notification does to the registry, by its content's operation (or ANPR's list type). */
export function noticeKind(n: Pick<AnprNotice, 'tipo' | 'operazione'>): NoticeKind {
  const op = n.operazione ?? n.tipo;
  if (n.tipo === 'N010' || op === '1002') return 'immigrazione';
  if (op === '2001') return 'decesso';
  if (op === '2003') return 'cancellazione';
  if (op === '5005') return 'cambio_indirizzo';
  if (op === '5014' || op === '5008') return 'rettifica';
  return 'altro';
}

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  immigrazione: 'Iscrizione per immigrazione da altro Comune (da ANPR)',
  decesso: 'Decesso (da ANPR)',
  cancellazione: 'Cancellazione (da ANPR)',
  cambio_indirizzo: 'Cambio di indirizzo (da ANPR)',
  rettifica: 'Rettifica dei dati (da ANPR)',
  altro: 'Notifica ANPR',
};
