import { z } from '../core/zod';
import { Empty, procedure } from './define';

const Url = z.string().trim().min(1, "Indicare l'indirizzo.").max(500);

export const CertificateInfoView = z.object({
  subject: z.string(),
  issuer: z.string(),
  commonName: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
});

export const SetupView = z.object({
  comune: z
    .object({
      nome: z.string(),
      codiceIstat: z.string(),
      codiceCatastale: z.string(),
      provincia: z.string(),
      cfEnte: z.string().optional(),
      cap: z.string().nullable(),
    })
    .nullable(),
  workstation: z.object({ number: z.number(), name: z.string(), cieStationId: z.string().nullable() }),
  anpr: z.object({ endpoint: z.string(), tipoInvio: z.enum(['TEST', 'PROD']), idPostazione: z.string() }).nullable(),
  certificates: z.object({ comune: CertificateInfoView.optional(), postazione: CertificateInfoView.optional() }),
  gpd: z.object({ endpoint: z.string(), subscriptionKeySet: z.boolean() }).nullable(),
  agenda: z.object({ endpoint: z.string(), tokenSet: z.boolean() }).nullable(),
  missing: z.array(z.enum(['comune', 'workstation', 'anpr', 'certificates', 'pagopa', 'gpd', 'agenda'])),
  cieStations: z.array(z.object({ id: z.string(), name: z.string() })),
  demo: z.boolean(),
  /** The Comune hub this PC joined (issue 18); null: no hub, the counter works on its own. */
  hub: z.object({ url: z.string(), number: z.number(), caSet: z.boolean(), joinedAt: z.string() }).nullable(),
});

const ComunePlace = z.object({
  nome: z.string(),
  provincia: z.string().nullable(),
  codiceCatastale: z.string().nullable(),
  codiceIstat: z.string().nullable(),
});

const Platform = z.enum(['anpr', 'gpd', 'agenda']);

export const ConnectionOutcomeView = z.object({
  outcome: z.enum(['accepted', 'refused', 'unreachable']),
  detail: z.string(),
  platformWords: z.string().optional(),
});

export const CertificateWarning = z.object({
  role: z.enum(['comune', 'postazione']),
  commonName: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
});

/** Production set-up (issue 15): the responsabile only; secrets go in, never come out. */
export const setupContract = {
  'setup.get': procedure({ input: Empty, output: SetupView, access: 'responsabile' }),
  'setup.comuni.search': procedure({
    input: z.object({ query: z.string().max(60) }),
    output: z.array(ComunePlace),
    access: 'responsabile',
  }),
  'setup.comune.save': procedure({
    input: z.object({
      nome: z.string().max(100),
      codiceIstat: z.string().max(10),
      codiceCatastale: z.string().max(10),
      provincia: z.string().max(5),
      cap: z.string().max(10),
      cfEnte: z.string().max(20),
    }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.workstation.save': procedure({
    input: z.object({ number: z.number().int(), name: z.string().max(60), cieStationId: z.string().max(60).nullable() }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.anpr.save': procedure({
    input: z.object({ endpoint: Url, tipoInvio: z.enum(['TEST', 'PROD']), idPostazione: z.string().max(60) }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.anpr.certificate': procedure({
    input: z.object({
      role: z.enum(['comune', 'postazione']),
      /** The .p12 file, base64 (a few KB; 200 KB at most). */
      p12Base64: z.string().min(1, 'Scegliere il file del certificato.').max(300_000),
      password: z.string().max(200),
    }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.gpd.save': procedure({
    input: z.object({ endpoint: Url, subscriptionKey: z.string().max(200).nullable() }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.agenda.save': procedure({
    input: z.object({ endpoint: Url, token: z.string().max(500).nullable() }),
    output: SetupView,
    access: 'responsabile',
  }),
  /** Joins the Comune hub with the one-time code shown on the hub side; the workstation number becomes the hub's. */
  'setup.hub.join': procedure({
    input: z.object({
      url: z.string().trim().min(1, "Indicare l'indirizzo del server del Comune.").max(500),
      code: z.string().trim().min(1, 'Indicare il codice di adesione.').max(40),
      /** The Comune's CA certificate (PEM text of the chosen file); absent on the hub's own PC (Unix socket). */
      caPem: z.string().max(20_000, 'Il file del certificato è troppo grande: deve essere il certificato della CA (pochi KB).').nullable(),
      /** When another workstation already has this PC's number: take a new one from 900 up instead of being refused. */
      acceptNewNumber: z.boolean().optional(),
    }),
    output: SetupView,
    access: 'responsabile',
  }),
  'setup.test': procedure({ input: z.object({ platform: Platform }), output: ConnectionOutcomeView, access: 'responsabile' }),
  /** For the home screen of any operator: certificates that expire within 30 days (or have expired). */
  'setup.warnings': procedure({
    input: Empty,
    output: z.object({ certificates: z.array(CertificateWarning), setupIncomplete: z.boolean() }),
    access: 'any',
    activity: false,
  }),
};
