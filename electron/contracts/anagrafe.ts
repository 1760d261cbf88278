import { z } from '../core/zod';
import { Empty, procedure } from './define';

const Id = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[0-9A-Za-z-]+$/, 'Identificativo non valido.');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const SearchHitView = z.object({
  id: z.string(),
  cognome: z.string().nullable(),
  nome: z.string().nullable(),
  codiceFiscale: z.string().nullable(),
  dataNascita: z.string().nullable(),
  status: z.string(),
  familyId: z.string().nullable(),
  indirizzo: z.string().nullable(),
  inAttesa: z.boolean(),
});

const AddressView = z.object({
  text: z.string(),
  cap: z.string().nullable(),
  validFrom: z.string(),
});

const MemberView = z.object({
  id: z.string(),
  cognome: z.string().nullable(),
  nome: z.string().nullable(),
  codiceFiscale: z.string().nullable(),
  dataNascita: z.string().nullable(),
  codiceLegame: z.string().nullable(),
  /** tipoGeneralita ready to put in a pratica (codice fiscale, names, ids). */
  generalita: z.record(z.string(), z.unknown()),
});

const HistoryView = z.object({
  praticaId: z.string(),
  code: z.string(),
  title: z.string(),
  decorrenza: z.string().nullable(),
  state: z.string(),
  createdAt: z.string(),
  idOperazioneComune: z.string().nullable(),
  idOperazioneAnpr: z.string().nullable(),
  esitoCode: z.string().nullable(),
  esitoText: z.string().nullable(),
  /** A 6001 answered by ANPR: the certificate can be downloaded. */
  certificateReady: z.boolean(),
});

/** An ANPR notification recorded for the person (core/anagrafe/notifications), with ANPR's id. */
const PersonNotificationView = z.object({
  idOperazioneAnpr: z.string(),
  title: z.string(),
  anprAt: z.string(),
  decorrenza: z.string().nullable(),
  /** applied; conflict: waiting for the clerk; kept_local: the clerk kept our pratica; ignored: nothing to change. */
  state: z.enum(['applied', 'conflict', 'kept_local', 'ignored']),
  source: z.enum(['poll', 'push']),
  outcome: z.string().nullable(),
});

const ConflictField = z.object({ label: z.string(), value: z.string() });

/** A notification set aside because the person has a local pratica not yet sent: both versions and the choices. */
export const NotificationConflictView = z.object({
  idOperazioneAnpr: z.string(),
  what: z.string(),
  anprAt: z.string(),
  person: z.object({ id: z.string(), name: z.string(), codiceFiscale: z.string().nullable() }).nullable(),
  anpr: z.array(ConflictField),
  ours: z.object({
    praticaId: z.string(),
    what: z.string(),
    createdAt: z.string(),
    fields: z.array(ConflictField),
    stillQueued: z.boolean(),
  }),
  actions: z.array(z.object({ choice: z.enum(['apply_anpr', 'keep_ours']), label: z.string(), explanation: z.string() })),
});

export const PersonView = z.object({
  id: z.string(),
  cognome: z.string().nullable(),
  nome: z.string().nullable(),
  sesso: z.string().nullable(),
  dataNascita: z.string().nullable(),
  luogoNascita: z.string(),
  /** tipoLuogoEvento as stored, for pre-filling forms. */
  luogoNascitaDati: z.unknown().nullable(),
  codiceFiscale: z.string().nullable(),
  cittadinanza: z.string(),
  statoCivile: z.string().nullable(),
  status: z.string(),
  codiceLegame: z.string().nullable(),
  idAnpr: z.string().nullable(),
  idSchedaSoggettoAnpr: z.string().nullable(),
  generalita: z.record(z.string(), z.unknown()),
  family: z
    .object({ id: z.string(), idFamigliaAnpr: z.string().nullable(), dataOrigine: z.string().nullable(), members: z.array(MemberView) })
    .nullable(),
  address: AddressView.nullable(),
  history: z.array(HistoryView),
  /** What ANPR notified about the person (other Comuni, hospitals, ANPR's web application). */
  anprNotifications: z.array(PersonNotificationView),
  /** "In attesa di ANPR" while a pratica on the person waits. */
  anprStatus: z.string().nullable(),
});

export const PlaceView = z.object({
  kind: z.enum(['comune', 'stato']),
  name: z.string(),
  siglaProvincia: z.string().nullable(),
  codiceIstat: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
});

export const CreatedPraticaView = z.object({
  praticaId: z.string(),
  code: z.string(),
  idOperazioneComune: z.string(),
  personId: z.string().nullable(),
  familyId: z.string().nullable(),
  state: z.string(),
  statusText: z.string(),
});

const PdfFile = z.object({ filename: z.string(), pdfBase64: z.string() });

export const SELF_DECLARATION_STATEMENTS = [
  'nascita',
  'residenza',
  'cittadinanza',
  'esistenzaInVita',
  'statoCivile',
  'statoFamiglia',
] as const;

/** Why the clerk consults ANPR (audited with every consultation); the labels are the renderer's. */
export const CONSULT_PURPOSES = ['identity_check', 'case_work', 'certificate', 'office_check'] as const;

const ConsultCriteria = z.discriminatedUnion('by', [
  z.object({
    by: z.literal('codiceFiscale'),
    codiceFiscale: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{16}$|^\d{11}$/, 'Il codice fiscale ha 16 caratteri (o 11 cifre).'),
  }),
  z.object({
    by: z.literal('idANPR'),
    idANPR: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{1,20}$/, 'L’ID ANPR ha fino a 20 lettere e cifre.'),
  }),
  z.object({
    by: z.literal('nomi'),
    cognome: z.string().trim().min(1, 'Indicare il cognome.').max(80),
    nome: z.string().trim().min(1, 'Indicare il nome.').max(80),
    dataNascita: IsoDate,
  }),
]);

export const AnprPersonView = z.object({
  idANPR: z.string().nullable(),
  idSchedaSoggettoANPR: z.string().nullable(),
  codiceFiscale: z.string().nullable(),
  cognome: z.string().nullable(),
  nome: z.string().nullable(),
  sesso: z.string().nullable(),
  dataNascita: z.string().nullable(),
  /** The local record with the same codice fiscale, when the registry has one. */
  localId: z.string().nullable(),
});

/** The anagrafe room's procedures (see electron/contract.ts). */
export const anagrafeContract = {
  /** The Comune the counter registers for, and today's date in Europe/Rome (form defaults). */
  'anagrafe.info': procedure({
    input: Empty,
    output: z.object({
      comune: z.object({ nome: z.string(), codiceIstat: z.string(), siglaProvincia: z.string(), cap: z.string() }),
      today: IsoDate,
    }),
    access: 'anagrafe',
  }),
  /** Search as you type: surname/name, codice fiscale or address. Audited. */
  'anagrafe.search': procedure({
    input: z.object({ query: z.string().max(100) }),
    output: z.array(SearchHitView),
    access: 'anagrafe',
  }),
  /** A person's record: data, family, address, history and pending pratiche. Audited. */
  'anagrafe.person': procedure({ input: z.object({ id: Id }), output: PersonView, access: 'anagrafe' }),
  /** Comuni and foreign states whose name starts with `prefix` (valid at `date` when given). */
  'anagrafe.places': procedure({
    input: z.object({ prefix: z.string().max(80), kind: z.enum(['comune', 'stato']).optional(), date: IsoDate.optional() }),
    output: z.array(PlaceView),
    access: 'anagrafe',
  }),
  /**
   * Saves a pratica (payload per core/anagrafe/pratica-model) and queues it for ANPR. The rules
   * validate it and name the field at fault in the error's `field` (a payload path). `formIssues`:
   * what the form found before sending (a place it could not resolve); they can only make the
   * pratica refused, together with every problem the rules find.
   */
  'anagrafe.pratica.create': procedure({
    input: z.object({
      pratica: z.unknown(),
      formIssues: z
        .array(z.object({ path: z.string().max(200), message: z.string().max(500) }))
        .max(20)
        .optional(),
    }),
    output: CreatedPraticaView,
    access: 'anagrafe',
  }),
  /** The prefilled self-declaration (DPR 445/2000 art. 46) of a person, as a PDF. Audited. */
  'anagrafe.selfDeclaration': procedure({
    input: z.object({
      personId: Id,
      statements: z.array(z.enum(SELF_DECLARATION_STATEMENTS)).min(1, 'Scegliere almeno una dichiarazione.'),
    }),
    output: PdfFile,
    access: 'anagrafe',
  }),
  /** Queues a certificate request (6001) to ANPR for a person. */
  'anagrafe.certificate.request': procedure({
    input: z.object({ personId: Id, tipi: z.array(z.string().regex(/^\d{1,2}$/)).min(1, 'Scegliere almeno un certificato.') }),
    output: CreatedPraticaView,
    access: 'anagrafe',
  }),
  /** "Cerca in ANPR": a 3002 consultation now (online only), audited with its purpose. */
  'anagrafe.anpr.consult': procedure({
    input: z.object({
      criteria: ConsultCriteria,
      purpose: z.enum(CONSULT_PURPOSES, { error: 'Scegliere il motivo della consultazione.' }),
    }),
    output: z.object({ idOperazioneComune: z.string(), persons: z.array(AnprPersonView) }),
    access: 'anagrafe',
  }),
  /** "Certificati pronti": the certificates ANPR issued for the counter's requests, still to print first. Audited. */
  'anagrafe.certificate.ready': procedure({
    input: Empty,
    output: z.array(
      z.object({
        praticaId: z.string(),
        personId: z.string().nullable(),
        cognome: z.string().nullable(),
        nome: z.string().nullable(),
        codiceFiscale: z.string().nullable(),
        tipi: z.array(z.string()),
        requestedAt: z.string(),
        issuedAt: z.string(),
        idOperazioneComune: z.string(),
        idOperazioneAnpr: z.string().nullable(),
        printedAt: z.string().nullable(),
      }),
    ),
    access: 'anagrafe',
  }),
  /** ANPR notifications waiting for the clerk's decision (a local pratica on the same person is queued). */
  'anagrafe.notifications.conflicts': procedure({
    input: Empty,
    output: z.array(NotificationConflictView),
    access: 'anagrafe',
    activity: false,
  }),
  /** The clerk's decision on one: apply ANPR's version (withdrawing ours if not sent) or keep ours and send it. Audited. */
  'anagrafe.notifications.resolve': procedure({
    input: z.object({ idOperazioneAnpr: z.string().regex(/^\d{1,30}$/), choice: z.enum(['apply_anpr', 'keep_ours']) }),
    output: z.object({ outcome: z.string() }),
    access: 'anagrafe',
  }),
  /** The certificate ANPR issued for a 6001 pratica, once answered. */
  'anagrafe.certificate.download': procedure({ input: z.object({ praticaId: z.string().uuid() }), output: PdfFile, access: 'anagrafe' }),
};
